// SPDX-License-Identifier: MIT
#pragma once
// Placing a road phrase (private; see roads.hpp). The point is the road point nearest the
// locator's place ("i höjd med X", "vid X"), or nearest it in the direction written ("strax
// söder om X": only road points south of X, within 67.5° of due south). The uncertainty is the
// length of road that fits: the farthest of the road points no more than max(500 m, half the
// nearest distance) further from X than the nearest one, from the point, plus X's own extent.
// An interchange is a named node of the road layer ("Råbylundsmotet", 150 m), else the road
// point nearest the place it is named after. A road with no locator is not placed: reason
// "road without a locator".
#include <trygg/geocode/roads.hpp>

#include "geocode/matcher.hpp"

#include <optional>
#include <string_view>

namespace trygg::geocode::detail {

void index_roads(const std::vector<Road>& roads, GazetteerIndex& idx);

// nullopt when the text names no road of the layer (the rest of the cascade then runs).
std::optional<GeocodeResult> match_road(const Matcher& m, const Gazetteer& g, std::string_view utf8,
                                        const std::string& note);

}  // namespace trygg::geocode::detail
