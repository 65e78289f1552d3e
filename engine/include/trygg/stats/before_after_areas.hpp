// SPDX-License-Identifier: MIT
#pragma once
// The areas of a before/after evaluation, as districts: the target, a buffer (displacement)
// zone of the districts within a distance of the target, and a control area chosen among
// similar districts beyond the buffer (or given).
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <vector>

namespace trygg::stats {

enum class StudyRole : std::int8_t { none = 0, target = 1, buffer = 2, control = 3 };

// Smallest planar distance between two multipolygons' boundaries (0 when they touch or one
// has a vertex on the other's edge). Interiors that overlap without boundaries meeting do not
// occur in a district partition and are not looked for.
double boundary_distance(const core::MultiPolygon& a, const core::MultiPolygon& b);

// Districts (not in the target) whose boundary lies within `distance` metres of a target
// district's: the buffer zone.
std::vector<int> buffer_districts(const std::vector<core::MultiPolygon>& polygons, const std::vector<int>& target,
                                  double distance);

// The `count` districts among `candidates` whose before-window count is closest to the target
// districts' mean before count on a log scale (|ln((x+0.5)/(m+0.5))|, ties by index): a control
// of similar crime level.
std::vector<int> similar_controls(const std::vector<double>& before_counts, const std::vector<int>& target,
                                  const std::vector<int>& candidates, std::size_t count);

}  // namespace trygg::stats
