// SPDX-License-Identifier: MIT
#pragma once
// Intersections in prose (private): "bråk i korsningen Vasagatan och Kopparbergsvägen",
// "vid Vasagatan/Kopparbergsvägen", "på hörnet Vasagatan & Kopparbergsvägen". Two street
// names joined by "och", "/" or "&" (or following "korsningen", "hörnet", "mellan") that meet
// within the intersection distance are the meeting point, not two conflicting streets.
#include "geocode/matcher.hpp"

#include <string_view>
#include <vector>

namespace trygg::geocode::detail {

// Intersection candidates of the street pairs written as crossings in `utf8` (empty: none).
std::vector<Candidate> prose_intersections(const Matcher& m, const GazetteerIndex& idx, std::string_view utf8);

}  // namespace trygg::geocode::detail
