// SPDX-License-Identifier: MIT
#include <trygg/core/text.hpp>
#include <trygg/geocode/normalize.hpp>

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace trygg::geocode {

namespace {

bool is_ascii(std::string_view s)
{
    for (unsigned char c : s)
        if (c >= 0x80)
            return false;
    return true;
}

std::string utf8proc_apply(std::string_view s, int options)
{
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                          static_cast<utf8proc_ssize_t>(s.size()), &out, static_cast<utf8proc_option_t>(options));
    if (n < 0)
        return std::string();
    std::string r(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return r;
}

// Decodes one code point; returns its length (0 on malformed input, which callers exclude).
std::size_t next_cp(std::string_view s, std::size_t i, std::int32_t& cp)
{
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    return n <= 0 ? 0 : static_cast<std::size_t>(n);
}

bool is_letter_cp(std::int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    auto cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

bool is_digit_cp(std::int32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace

std::string word_key(std::string_view word)
{
    std::string folded;
    if (is_ascii(word)) {
        folded.assign(word);
    } else {
        // Decompose + strip marks removes the rings and dots (å -> a, ö -> o); æ/ø have no
        // decomposition and are mapped by hand.
        folded = utf8proc_apply(core::fold_case(word), UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
        std::string mapped;
        mapped.reserve(folded.size());
        for (std::size_t i = 0; i < folded.size();) {
            std::int32_t cp = 0;
            auto n = next_cp(folded, i, cp);
            if (n == 0)
                break;
            if (cp == 0xE6)
                mapped += 'a';
            else if (cp == 0xF8)
                mapped += 'o';
            else
                mapped.append(folded, i, n);
            i += n;
        }
        folded.swap(mapped);
    }
    std::string key;
    key.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        char c = folded[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        auto uc = static_cast<unsigned char>(c);
        if (uc < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            continue;  // punctuation such as ':' in "S:t"
        // aa/ae -> a and oe -> o: how å, ä and ö are typed on keyboards without them.
        if (!key.empty() && ((key.back() == 'a' && (c == 'a' || c == 'e')) || (key.back() == 'o' && c == 'e')))
            continue;
        key += c;
    }
    return key;
}

bool Token::capitalised() const
{
    if (raw.empty())
        return false;
    std::int32_t cp = 0;
    if (next_cp(raw, 0, cp) == 0)
        return false;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

std::vector<Token> tokenize(std::string_view s)
{
    std::vector<Token> tokens;
    std::string current;
    bool current_digits = false;
    bool space_before = true;
    auto flush = [&](bool attached_next) {
        if (current.empty())
            return;
        Token t;
        t.kind = current_digits ? Token::Kind::number : Token::Kind::word;
        t.raw = is_ascii(current) ? current : utf8proc_apply(current, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        t.text = core::fold_case(t.raw);
        t.attached = !space_before;
        tokens.push_back(std::move(t));
        current.clear();
        space_before = !attached_next;
    };
    auto push_symbol = [&](Token::Kind kind, const char* text) {
        flush(false);
        Token t;
        t.kind = kind;
        t.text = text;
        t.raw = text;
        t.attached = !space_before;
        tokens.push_back(std::move(t));
        space_before = false;
    };
    for (std::size_t i = 0; i < s.size();) {
        std::int32_t cp = 0;
        auto n = next_cp(s, i, cp);
        if (n == 0) {  // malformed: callers validate first; treat as a separator
            flush(false);
            space_before = true;
            ++i;
            continue;
        }
        bool letter = is_letter_cp(cp);
        bool digit = is_digit_cp(cp);
        if (letter || digit) {
            if (!current.empty() && digit != current_digits)
                flush(true);  // "12B" -> "12" + attached "b"; "lgh1102" -> "lgh" + "1102"
            current_digits = digit;
            current.append(s.substr(i, n));
        } else if (cp == ':' && !current.empty() && !current_digits && i + 1 < s.size()) {
            // "S:t", "n:a", "IX:s": a colon between letters belongs to the word.
            std::int32_t next = 0;
            if (next_cp(s, i + 1, next) > 0 && is_letter_cp(next))
                current += ':';
            else {
                flush(false);
                space_before = true;
            }
        } else if (cp == '.') {
            bool had = !current.empty() || !tokens.empty();
            flush(false);
            if (had && !tokens.empty() && !tokens.back().dot && tokens.back().kind == Token::Kind::word)
                tokens.back().dot = true;
            space_before = true;
        } else if (cp == '/') {
            push_symbol(Token::Kind::slash, "/");
        } else if (cp == ',' || cp == ';' || cp == '\n' || cp == '\r') {
            push_symbol(Token::Kind::separator, ",");
            space_before = true;
        } else if (cp == '-' || cp == 0x2013 || cp == 0x2014) {
            push_symbol(Token::Kind::dash, "-");
        } else if (cp == '&') {
            push_symbol(Token::Kind::ampersand, "&");
            space_before = true;
        } else {
            flush(false);
            space_before = true;
        }
        i += n;
    }
    flush(false);
    return tokens;
}

namespace {

struct Expansion {
    const char* abbreviation;
    const char* full;
};

// Whole-word abbreviations valid anywhere in a name.
constexpr Expansion anywhere[] = {
    {"s:t", "sankt"}, {"s:ta", "sankta"}, {"n:a", "norra"}, {"s:a", "södra"}, {"ö:a", "östra"},
    {"o:a", "östra"}, {"v:a", "västra"}, {"g:la", "gamla"}, {"n:o", "nummer"},
};
struct LeadingExpansion {
    const char* abbreviation;
    const char* full;
    bool without_dot;
};
constexpr LeadingExpansion leading[] = {
    {"st", "stora", true}, {"l", "lilla", true},  {"lill", "lilla", true}, {"n", "norra", true},
    {"s", "södra", true},   {"ö", "östra", true},  {"o", "östra", true},  {"v", "västra", true},   {"g", "gamla", true},
    {"gla", "gamla", false}, {"sdra", "södra", false},
};
// Street-type words written as a separate abbreviation after the name ("Stor g.").
constexpr Expansion street_type[] = {
    {"g", "gatan"}, {"gt", "gatan"}, {"gat", "gatan"}, {"v", "vägen"}, {"vg", "vägen"},
    {"pl", "platsen"}, {"gr", "gränd"},
};
// Suffix forms, only with a dot: "Vasag." "Kopparbergsv." "Fiskartorgspl." "Kyrkgr.".
constexpr Expansion suffix[] = {
    {"väg", "vägen"}, {"vag", "vägen"}, {"gat", "gatan"}, {"gt", "gatan"}, {"g", "gatan"}, {"vg", "vägen"}, {"v", "vägen"},
    {"pl", "platsen"}, {"gr", "gränd"},
};

bool ends_with(const std::string& s, std::string_view tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::vector<std::string> expand_abbreviations(const std::vector<Token>& words)
{
    std::vector<std::string> out;
    out.reserve(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        const std::string& t = w.text;
        std::string expanded;
        for (const auto& e : anywhere)
            if (t == e.abbreviation) {
                expanded = e.full;
                break;
            }
        if (expanded.empty() && i == 0 && words.size() > 1) {
            // Leading name words: "St." Stora, "L." Lilla, "N"/"S"/"Ö"/"V" the directions,
            // "G." Gamla; a single letter needs no dot ("S Ringv." is Södra Ringvägen).
            for (const auto& e : leading)
                if (t == e.abbreviation && (w.dot || t.size() == 1 || e.without_dot)) {
                    expanded = e.full;
                    break;
                }
        }
        if (expanded.empty() && i > 0) {
            for (const auto& e : street_type)
                if (t == e.abbreviation && (w.dot || i + 1 == words.size())) {
                    expanded = e.full;
                    break;
                }
        }
        if (expanded.empty() && w.dot && i + 1 == words.size()) {
            for (const auto& e : suffix)
                if (ends_with(t, e.abbreviation) && t.size() > std::string_view(e.abbreviation).size()) {
                    expanded = t.substr(0, t.size() - std::string_view(e.abbreviation).size()) + e.full;
                    break;
                }
        }
        out.push_back(expanded.empty() ? t : expanded);
    }
    return out;
}

std::string name_key(const std::vector<Token>& words)
{
    // Keyed as one string so that aa/ae/oe collapse the same way whether the name is written
    // as one word or two ("Vasa esplanaden" / "Vasaesplanaden").
    std::string joined;
    for (const auto& w : expand_abbreviations(words))
        joined += w;
    return word_key(joined);
}

std::string name_key(std::string_view name)
{
    std::vector<Token> words;
    for (auto& t : tokenize(name))
        if (t.kind == Token::Kind::word || t.kind == Token::Kind::number)
            words.push_back(std::move(t));
    return name_key(words);
}

}  // namespace trygg::geocode
