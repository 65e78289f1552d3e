// SPDX-License-Identifier: MIT
#pragma once
// Fuzzy street matches (private): a street name that is not in the gazetteer but is within the
// edit bound of one that is. The text may hold a typo of that street, or name a real street the
// gazetteer lacks ("Släggargatan 3B" is not "Sångargatan 3B", 2.5 km away); nothing in the
// text tells the two apart. So the match is its own type, `street_fuzzy`, and its uncertainty
// is the area the text still allows: the reach from the point to the farthest address of the
// postcode written (if the gazetteer knows it), else of the postal town written, else of the
// whole gazetteer. A fuzzy hit on a different street is then always covered by its uncertainty
// as long as the address lies within the gazetteer's area.
#include "geocode/gazetteer_index.hpp"
#include "geocode/matcher.hpp"

namespace trygg::geocode::detail {

// Areas (centroid and radius) of every postal town and of the whole gazetteer; called by
// Gazetteer::build().
void index_reach_areas(const std::vector<AddressPoint>& addresses, const std::vector<NamedPlace>& places,
                       GazetteerIndex& idx);

// Distance from `p` beyond which no address the text allows can lie (see above).
double fuzzy_reach(const GazetteerIndex& idx, const core::Point& p, const ParsedAddress& a);

// True when two street keys both start with directional words, different ones ("sodraringvagen" and
// "norraringvagen"): distinct streets, however few edits apart.
bool differs_in_direction(const std::string& key, const std::string& candidate);

// A directional word in prose ("Norra", "Södra", "Östra", "Västra", "Övre", "Nedre"): the name
// that follows is a different place without it.
bool is_direction_word(const Token& t);

// A word that reads as a street name ("Källgatan", "Ringvägen"): after a directional word it
// names another street ("Norra Källgatan"), whereas "Östra Malmaberg" is part of Malmaberg.
bool is_street_like(const Token& t);

// Turns a candidate found through a fuzzy street name into a `street_fuzzy` one.
void make_fuzzy(Candidate& c, const GazetteerIndex& idx, const ParsedAddress& a);

}  // namespace trygg::geocode::detail
