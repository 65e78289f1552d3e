// SPDX-License-Identifier: MIT
#include <trygg/geocode/address_parser.hpp>

#include <algorithm>
#include <array>

namespace trygg::geocode {

namespace {

using Kind = Token::Kind;

bool is_one_of(const std::string& t, std::initializer_list<const char*> list)
{
    for (const char* s : list)
        if (t == s)
            return true;
    return false;
}

bool is_intersection_word(const std::string& t)
{
    return is_one_of(t, {"korsningen", "korsning", "korsn", "hörnet", "hörn", "mellan", "crossing"});
}

// Words that may precede a street or place name without being part of it.
bool is_filler_word(const std::string& t)
{
    return is_one_of(t, {"utanför", "vid", "på", "i", "nära", "intill", "framför", "bakom", "mot", "invid",
                         "av", "adress", "adressen", "gatuadress", "busshållplats", "busshållplatsen",
                         "hållplats", "hållplatsen", "ungefär", "ca", "cirka", "nedanför", "ovanför", "vid:"}) ||
           is_intersection_word(t);
}

bool is_apartment_word(const std::string& t) { return is_one_of(t, {"lgh", "lägenhet", "lägh", "lght", "lägenhetsnummer"}); }
bool is_entrance_word(const std::string& t)
{
    return is_one_of(t, {"uppgång", "uppg", "upp", "ingång", "ing", "port", "entré", "entre", "trappuppgång"});
}
bool is_floor_word(const std::string& t) { return is_one_of(t, {"tr", "trappa", "trappor", "vån", "våning", "nb", "bv"}); }

bool is_letter_token(const Token& t)
{
    return t.kind == Kind::word && t.text.size() == 1 && t.text[0] >= 'a' && t.text[0] <= 'z';
}

std::string upper(const std::string& s)
{
    std::string r = s;
    for (auto& c : r)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return r;
}

bool is_postcode_start(const std::vector<Token>& seg, std::size_t j, std::string& code, std::size_t& used)
{
    const auto& t = seg[j];
    if (t.kind != Kind::number || t.text[0] == '0')
        return false;
    if (t.text.size() == 5) {
        code = t.text;
        used = 1;
        return true;
    }
    if (t.text.size() == 3 && j + 1 < seg.size() && seg[j + 1].kind == Kind::number && seg[j + 1].text.size() == 2) {
        code = t.text + seg[j + 1].text;
        used = 2;
        return true;
    }
    return false;
}

std::string join_text(const std::vector<Token>& words)
{
    std::string r;
    for (const auto& w : words) {
        if (!r.empty())
            r += ' ';
        r += w.text;
    }
    return r;
}

// Splits street words at '/', '&' or "och" into the two streets of an intersection.
void split_intersection(ParsedAddress& a, const std::vector<Token>& words)
{
    std::vector<Token> first, second;
    bool split = false;
    for (const auto& w : words) {
        if (!split && (w.kind == Kind::slash || w.kind == Kind::ampersand || (w.kind == Kind::word && w.text == "och"))) {
            split = true;
            continue;
        }
        if (w.kind != Kind::word && w.kind != Kind::number)
            continue;
        (split ? second : first).push_back(w);
    }
    if (split && !first.empty() && !second.empty()) {
        a.intersection = true;
        a.street = std::move(first);
        a.cross_street = std::move(second);
    } else {
        a.street.clear();
        for (const auto& w : words)
            if (w.kind == Kind::word || w.kind == Kind::number)
                a.street.push_back(w);
    }
}

}  // namespace

std::string ParsedAddress::street_name() const
{
    std::string r;
    for (const auto& w : expand_abbreviations(street)) {
        if (!r.empty())
            r += ' ';
        r += w;
    }
    return r;
}

std::string ParsedAddress::cross_street_name() const
{
    std::string r;
    for (const auto& w : expand_abbreviations(cross_street)) {
        if (!r.empty())
            r += ' ';
        r += w;
    }
    return r;
}

namespace {

// c/o: drops the c/o line (up to the next separator) or, on one line, just "c/o".
void drop_care_of(ParsedAddress& a, std::vector<Token>& tokens)
{
    for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
        if (tokens[i].text == "c" && tokens[i + 1].kind == Kind::slash && tokens[i + 2].text == "o") {
            std::size_t end = i + 3;
            while (end < tokens.size() && tokens[end].kind != Kind::separator)
                ++end;
            bool own_line = end < tokens.size();
            std::size_t stop = own_line ? end + 1 : i + 3;
            if (own_line) {
                std::vector<Token> co(tokens.begin() + static_cast<std::ptrdiff_t>(i + 3),
                                      tokens.begin() + static_cast<std::ptrdiff_t>(end));
                a.care_of = join_text(co);
            }
            tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.begin() + static_cast<std::ptrdiff_t>(stop));
            break;
        }
    }
}

// The tokens between separators.
std::vector<std::vector<Token>> split_segments(std::vector<Token>& tokens)
{
    std::vector<std::vector<Token>> segments(1);
    for (auto& t : tokens) {
        if (t.kind == Kind::separator) {
            if (!segments.back().empty())
                segments.emplace_back();
        } else {
            segments.back().push_back(std::move(t));
        }
    }
    if (segments.back().empty())
        segments.pop_back();
    return segments;
}

// The street segment: the first with a word followed by a number (at `number_at`), else the
// first with a word (has_number false); segments.size() when there is none.
std::size_t find_street_segment(const std::vector<std::vector<Token>>& segments, std::size_t& number_at,
                                bool& has_number)
{
    std::size_t street_seg = segments.size();
    number_at = 0;
    for (std::size_t s = 0; s < segments.size() && street_seg == segments.size(); ++s) {
        const auto& seg = segments[s];
        for (std::size_t j = 1; j < seg.size(); ++j)
            if (seg[j].kind == Kind::number && seg[j - 1].kind == Kind::word && !is_apartment_word(seg[j - 1].text) &&
                !is_entrance_word(seg[j - 1].text)) {
                std::string code;
                std::size_t used = 0;
                // "Vasagatan, 722 12 Västerås": a postcode is not a house number.
                if (is_postcode_start(seg, j, code, used) && j + used < seg.size() && seg[j + used].kind == Kind::word &&
                    j == 1 && seg[0].kind == Kind::word && s > 0)
                    continue;
                street_seg = s;
                number_at = j;
                break;
            }
    }
    has_number = street_seg < segments.size();
    if (!has_number) {
        for (std::size_t s = 0; s < segments.size(); ++s) {
            bool postcode_seg = !segments[s].empty() && segments[s][0].kind == Kind::number;
            bool any_word = std::any_of(segments[s].begin(), segments[s].end(),
                                        [](const Token& t) { return t.kind == Kind::word; });
            if (any_word && !postcode_seg) {
                street_seg = s;
                break;
            }
        }
    }
    return street_seg;
}

// A segment other than the street's: entrance and lägenhet on their own line, then postcode
// and town, or a town alone.
void read_other_segment(ParsedAddress& a, std::vector<Token>& seg, std::size_t s, std::size_t street_seg)
{
    for (std::size_t k = 0; k + 1 < seg.size();) {
        if (seg[k].kind == Kind::word && seg[k + 1].kind == Kind::number && is_apartment_word(seg[k].text))
            a.apartment = seg[k + 1].text;
        else if (seg[k].kind == Kind::word && is_entrance_word(seg[k].text) &&
                 (seg[k + 1].kind == Kind::number || is_letter_token(seg[k + 1])))
            a.entrance = upper(seg[k + 1].text);
        else {
            ++k;
            continue;
        }
        seg.erase(seg.begin() + static_cast<std::ptrdiff_t>(k), seg.begin() + static_cast<std::ptrdiff_t>(k + 2));
    }
    std::size_t j = 0;
    std::string code;
    std::size_t used = 0;
    if (!seg.empty() && is_postcode_start(seg, 0, code, used)) {
        a.postcode = code;
        j = used;
    }
    std::vector<Token> rest(seg.begin() + static_cast<std::ptrdiff_t>(j), seg.end());
    if (!rest.empty() && std::all_of(rest.begin(), rest.end(), [](const Token& t) { return t.kind == Kind::word; }) &&
        a.town.empty() && (s > street_seg || !a.postcode.empty()))
        a.town = join_text(rest);
    else
        a.trailing.insert(a.trailing.end(), rest.begin(), rest.end());
}

// What follows the house number (and letter) in the street segment, from `j`.
void read_after_number(ParsedAddress& a, const std::vector<Token>& seg, std::size_t j)
{
    while (j < seg.size()) {
        const auto& t = seg[j];
        std::string code;
        std::size_t used = 0;
        if (t.kind == Kind::word && is_apartment_word(t.text) && j + 1 < seg.size() && seg[j + 1].kind == Kind::number) {
            a.apartment = seg[j + 1].text;
            j += 2;
        } else if (t.kind == Kind::word && is_entrance_word(t.text) && j + 1 < seg.size() &&
                   (seg[j + 1].kind == Kind::number || is_letter_token(seg[j + 1]))) {
            a.entrance = upper(seg[j + 1].text);
            j += 2;
        } else if (t.kind == Kind::number && j + 1 < seg.size() && seg[j + 1].kind == Kind::word &&
                   is_floor_word(seg[j + 1].text)) {
            j += 2;  // "2 tr": floor
        } else if (t.kind == Kind::word && is_floor_word(t.text)) {
            ++j;
        } else if (is_postcode_start(seg, j, code, used)) {
            a.postcode = code;
            j += used;
            std::vector<Token> town;
            while (j < seg.size() && seg[j].kind == Kind::word)
                town.push_back(seg[j++]);
            if (!town.empty())
                a.town = join_text(town);
        } else if (t.kind == Kind::number && t.text.size() == 4 && a.apartment.empty()) {
            a.apartment = t.text;  // a bare four-digit lägenhetsnummer
            ++j;
        } else {
            a.trailing.push_back(t);
            ++j;
        }
    }
}

}  // namespace

ParsedAddress parse_address(std::string_view text)
{
    ParsedAddress a;
    auto tokens = tokenize(text);
    for (const auto& t : tokens)
        if (t.kind == Kind::word || t.kind == Kind::number)
            a.all_words.push_back(t);

    drop_care_of(a, tokens);
    auto segments = split_segments(tokens);
    std::size_t number_at = 0;
    bool has_number = false;
    const std::size_t street_seg = find_street_segment(segments, number_at, has_number);

    for (std::size_t s = 0; s < segments.size(); ++s) {
        auto& seg = segments[s];
        if (s != street_seg) {
            read_other_segment(a, seg, s, street_seg);
            continue;
        }
        std::size_t end_of_name = has_number ? number_at : seg.size();
        std::vector<Token> name(seg.begin(), seg.begin() + static_cast<std::ptrdiff_t>(end_of_name));
        // Filler words before the name ("utanför", "korsningen").
        std::size_t first = 0;
        bool crossing_word = false;
        while (first < name.size() && (name[first].kind != Kind::word || is_filler_word(name[first].text))) {
            crossing_word = crossing_word || is_intersection_word(name[first].text);
            a.leading.push_back(name[first]);
            ++first;
        }
        name.erase(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(first));
        split_intersection(a, name);
        if (crossing_word && !a.intersection && !has_number)
            a.intersection = a.street.size() >= 2;  // "korsningen X Y": the matcher finds the split
        if (!has_number)
            continue;
        // Number, range end, letter.
        std::size_t j = number_at;
        a.number = std::atoi(seg[j].text.substr(0, 6).c_str());
        ++j;
        if (j + 1 < seg.size() && seg[j].kind == Kind::dash && seg[j + 1].kind == Kind::number)
            j += 2;  // "12-14": the first number of a range
        if (j < seg.size() && is_letter_token(seg[j]) &&
            (j + 1 == seg.size() || seg[j + 1].kind != Kind::word || !seg[j].dot)) {
            // A single letter after the number; a dotted one before more words is an initial.
            a.letter = upper(seg[j].text);
            ++j;
        }
        read_after_number(a, seg, j);
    }
    // Trailing words alone after the number are most often the postal town ("Vasagatan 12 Västerås").
    if (a.town.empty() && !a.trailing.empty() &&
        std::all_of(a.trailing.begin(), a.trailing.end(), [](const Token& t) { return t.kind == Kind::word; }) &&
        a.trailing.size() <= 2 && a.number >= 0) {
        a.town = join_text(a.trailing);
        a.trailing.clear();
    }
    return a;
}

}  // namespace trygg::geocode
