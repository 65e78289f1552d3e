// SPDX-License-Identifier: MIT
#pragma once
// A road named in text (private): its number ("E18", "E 18", "riksväg 56", "rv 56", "länsväg
// 252", "lv 252", "väg 66"), an interchange ("Råbylundsmotet", "trafikplats Råbylund") and a
// locator ("strax söder om X", "i höjd med X", "vid X", "nära X").
#include <trygg/geocode/normalize.hpp>

#include <string>
#include <vector>

namespace trygg::geocode::detail {

struct RoadMention {
    std::string ref_key;              // road_ref_key of the number; "" when none
    std::string ref_text;             // as written, for labels ("E18", "riksväg 56")
    std::string interchange;          // the interchange word as written ("Råbylundsmotet"), or ""
    std::vector<std::string> interchange_place_keys;  // name keys of the place it is named after
    enum class Locator { none, near, north, south, east, west } locator = Locator::none;
    std::vector<Token> place;         // the locator's place words ("Älvsta")
    std::string locator_text;         // as written ("strax söder om Älvsta")
    bool any() const { return !ref_key.empty() || !interchange.empty(); }
};

RoadMention find_road_mention(const std::vector<Token>& tokens);

}  // namespace trygg::geocode::detail
