// SPDX-License-Identifier: MIT
#include "geocode_noise.hpp"

#include <algorithm>

namespace trygg::bench {

namespace {

std::u32string decode(const std::string& s)
{
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        int n;
        if (c < 0x80) { cp = c; n = 1; }
        else if ((c >> 5) == 6) { cp = c & 0x1F; n = 2; }
        else if ((c >> 4) == 14) { cp = c & 0x0F; n = 3; }
        else { cp = c & 0x07; n = 4; }
        for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out += cp;
        i += static_cast<std::size_t>(n);
    }
    return out;
}

std::string encode(const std::u32string& s)
{
    std::string out;
    for (char32_t cp : s) {
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

bool ends_with(const std::string& s, const std::string& t)
{
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to)
{
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
    return s;
}

}  // namespace

std::string clean_address(const AddressParts& a) { return a.street + " " + std::to_string(a.number) + a.letter; }

std::string AddressNoise::typo(const std::string& utf8)
{
    auto s = decode(utf8);
    std::vector<std::size_t> letters;  // positions of letters inside words, not the first one
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i] != U' ' && s[i - 1] != U' ')
            letters.push_back(i);
    if (letters.empty())
        return utf8;
    auto i = letters[std::uniform_int_distribution<std::size_t>(0, letters.size() - 1)(rng_)];
    switch (std::uniform_int_distribution<int>(0, 2)(rng_)) {
    case 0:  // swap with the previous letter
        std::swap(s[i], s[i - 1]);
        break;
    case 1:  // drop
        s.erase(i, 1);
        break;
    default:  // double
        s.insert(i, 1, s[i]);
    }
    return encode(s);
}

std::string AddressNoise::typo_only(const AddressParts& a)
{
    return typo(a.street) + " " + std::to_string(a.number) + a.letter;
}

std::string AddressNoise::noisy(const AddressParts& a, int max_ops, std::vector<std::string>* applied)
{
    std::string street = a.street, number = std::to_string(a.number), letter = a.letter, prefix, suffix;
    int ops = std::uniform_int_distribution<int>(1, max_ops)(rng_);
    bool upper = false, lower = false;
    for (int k = 0; k < ops; ++k) {
        int op = std::uniform_int_distribution<int>(0, 9)(rng_);
        std::string name;
        switch (op) {
        case 0:
            street = typo(street);
            name = "typo";
            break;
        case 1: {  // abbreviation of a name word or the street type
            static const std::pair<const char*, const char*> words[] = {
                {"Stora ", "St. "},   {"Lilla ", "L. "},    {"Norra ", "N:a "},  {"Södra ", "S:a "},
                {"Östra ", "Ö:a "},   {"Västra ", "V:a "},  {"Gamla ", "G:la "}, {"Sankt ", "S:t "}};
            static const std::pair<const char*, const char*> types[] = {
                {"gatan", "g."}, {"gatan", "gat."}, {"vägen", "v."}, {"vägen", "väg."}, {"gränd", "gr."}, {"platsen", "pl."}};
            bool done = false;
            for (const auto& [full, abbr] : words)
                if (street.rfind(full, 0) == 0 && std::uniform_int_distribution<int>(0, 1)(rng_)) {
                    street = abbr + street.substr(std::string(full).size());
                    done = true;
                    break;
                }
            if (!done)
                for (const auto& [full, abbr] : types)
                    if (ends_with(street, full) && std::uniform_int_distribution<int>(0, 1)(rng_)) {
                        street = street.substr(0, street.size() - std::string(full).size()) + abbr;
                        break;
                    }
            name = "abbreviation";
            break;
        }
        case 2:
            letter.clear();
            name = "missing letter";
            break;
        case 3:
            if (!letter.empty())
                letter = (std::uniform_int_distribution<int>(0, 1)(rng_) ? " " : "") +
                         std::string(1, static_cast<char>(letter[0] - 'A' + 'a'));
            name = "letter form";
            break;
        case 4:
            if (std::uniform_int_distribution<int>(0, 1)(rng_)) {
                street = replace_all(replace_all(replace_all(street, "å", "a"), "ä", "a"), "ö", "o");
                street = replace_all(replace_all(replace_all(street, "Å", "A"), "Ä", "A"), "Ö", "O");
            } else {
                street = replace_all(replace_all(replace_all(street, "å", "aa"), "ä", "ae"), "ö", "oe");
            }
            name = "diacritics";
            break;
        case 5:
            (std::uniform_int_distribution<int>(0, 1)(rng_) ? upper : lower) = true;
            name = "case";
            break;
        case 6: {
            static const char* before[] = {"utanför ", "vid ", "i trapphuset ", "nära "};
            static const char* after[] = {", lgh 1203", " uppgång B", " (på gården)", " 2 tr"};
            if (std::uniform_int_distribution<int>(0, 1)(rng_))
                prefix = before[std::uniform_int_distribution<int>(0, 3)(rng_)];
            else
                suffix = after[std::uniform_int_distribution<int>(0, 3)(rng_)];
            name = "extra words";
            break;
        }
        case 7:
            if (!a.postcode.empty())
                suffix += ", " + a.postcode.substr(0, 3) + " " + a.postcode.substr(3) + " " + a.town;
            name = "postcode";
            break;
        case 8:
            for (const char* t : {"gatan", "vägen", "gränd", "stigen", "backen"})
                if (ends_with(street, t) && street.size() > std::string(t).size() + 2 &&
                    street[street.size() - std::string(t).size() - 1] != ' ') {
                    street.insert(street.size() - std::string(t).size(), " ");
                    break;
                }
            name = "split";
            break;
        default:
            name = "none";
        }
        if (applied)
            applied->push_back(name);
    }
    std::string text = prefix + street + " " + number + letter + suffix;
    if (upper || lower) {
        auto s = decode(text);
        for (auto& c : s) {
            if (upper) {
                if (c >= U'a' && c <= U'z') c -= 32;
                else if (c == U'å') c = U'Å';
                else if (c == U'ä') c = U'Ä';
                else if (c == U'ö') c = U'Ö';
            } else {
                if (c >= U'A' && c <= U'Z') c += 32;
                else if (c == U'Å') c = U'å';
                else if (c == U'Ä') c = U'ä';
                else if (c == U'Ö') c = U'ö';
            }
        }
        text = encode(s);
    }
    return text;
}

}  // namespace trygg::bench
