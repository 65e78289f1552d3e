// SPDX-License-Identifier: MIT
#include "geocode/road_mention.hpp"

#include <trygg/geocode/roads.hpp>

#include <cctype>

namespace trygg::geocode::detail {

namespace {

using Kind = Token::Kind;

bool is_road_word(const std::string& w)
{
    for (const char* s : {"riksväg", "rv", "riksv", "länsväg", "lv", "länsv", "väg", "europaväg"})
        if (w == s)
            return true;
    return false;
}

bool all_digits(const std::string& s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

bool ends_with(const std::string& s, const std::string& suffix)
{
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Capitalised words from `i` on (at most three): the place a locator names.
std::vector<Token> place_words(const std::vector<Token>& t, std::size_t i)
{
    std::vector<Token> out;
    for (; i < t.size() && out.size() < 3 && t[i].kind == Kind::word && t[i].capitalised(); ++i)
        out.push_back(t[i]);
    return out;
}

}  // namespace

RoadMention find_road_mention(const std::vector<Token>& t)
{
    RoadMention m;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Kind::word)
            continue;
        const auto& w = t[i].text;
        // The number: "E18" (one word), "E 18"/"E-18", or a road word and a number.
        if (m.ref_key.empty()) {
            if (w.size() >= 2 && w[0] == 'e' && all_digits(w.substr(1)) && w.size() <= 4) {
                m.ref_key = road_ref_key(w);
                m.ref_text = t[i].raw;
            } else if (w == "e" && i + 1 < t.size() && t[i + 1].kind == Kind::number && t[i + 1].text.size() <= 2) {
                m.ref_key = road_ref_key("e" + t[i + 1].text);
                m.ref_text = t[i].raw + " " + t[i + 1].raw;
            } else if (is_road_word(w) && i + 1 < t.size() && t[i + 1].kind == Kind::number &&
                       t[i + 1].text.size() <= 4 &&
                       // "Gamla väg 12" is a street address, not road 12.
                       !(w == "väg" && i > 0 && t[i - 1].kind == Kind::word && t[i - 1].capitalised())) {
                m.ref_key = road_ref_key(t[i + 1].text);
                m.ref_text = t[i].raw + " " + t[i + 1].raw;
            }
        }
        // The interchange: "<name>motet" or "trafikplats <name>".
        if (m.interchange.empty()) {
            if (ends_with(w, "motet") && w.size() > 7 && t[i].capitalised()) {
                m.interchange = t[i].raw;
                auto base = w.substr(0, w.size() - 5);
                m.interchange_place_keys.push_back(name_key(base));
                if (base.size() > 3 && base.back() == 's')  // genitive: "Råbylundsmotet"
                    m.interchange_place_keys.push_back(name_key(base.substr(0, base.size() - 1)));
            } else if ((w == "trafikplats" || w == "trafikplatsen") && i + 1 < t.size()) {
                auto words = place_words(t, i + 1);
                if (!words.empty()) {
                    m.interchange = t[i].raw + " " + words.front().raw;
                    m.interchange_place_keys.push_back(name_key(words));
                }
            }
        }
        // The locator.
        if (m.locator == RoadMention::Locator::none) {
            RoadMention::Locator dir = RoadMention::Locator::none;
            if (w == "norr" || w == "norrut") dir = RoadMention::Locator::north;
            else if (w == "söder" || w == "söderut") dir = RoadMention::Locator::south;
            else if (w == "öster" || w == "österut") dir = RoadMention::Locator::east;
            else if (w == "väster" || w == "västerut") dir = RoadMention::Locator::west;
            if (dir != RoadMention::Locator::none && i + 2 < t.size() && t[i + 1].text == "om") {
                auto words = place_words(t, i + 2);
                if (!words.empty()) {
                    m.locator = dir;
                    m.place = words;
                    m.locator_text = t[i].raw + " om " + words.front().raw;
                }
            } else if (w == "höjd" && i + 2 < t.size() && t[i + 1].text == "med") {
                auto words = place_words(t, i + 2);
                if (!words.empty()) {
                    m.locator = RoadMention::Locator::near;
                    m.place = words;
                    m.locator_text = "i höjd med " + words.front().raw;
                }
            } else if ((w == "vid" || w == "nära" || w == "utanför" || w == "intill") && i + 1 < t.size()) {
                auto words = place_words(t, i + 1);
                if (!words.empty() && !(ends_with(words.front().text, "motet"))) {
                    m.locator = RoadMention::Locator::near;
                    m.place = words;
                    m.locator_text = t[i].raw + " " + words.front().raw;
                }
            }
        }
    }
    return m;
}

}  // namespace trygg::geocode::detail
