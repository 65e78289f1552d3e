// SPDX-License-Identifier: MIT
#pragma once
// Moving a table keyed by one area system (DeSO, RegSO, survey areas) onto the analysis
// districts by polygon overlay.
//
// The weight of the piece where source area s meets district t is its area (area weighting),
// or its area times the population density of t (population weighting: the districts are
// the finer layer whose population is known, spread evenly within each district).
// Counts: a source's count is split over the districts it overlaps in proportion to the
// weights (so the district sum equals the source total). Shares: the weighted mean of the
// sources that overlap the district and have a value. Coverage: the share of the district's
// area overlapped by sources with a value.
#include <trygg/core/geometry.hpp>
#include <trygg/spatial/overlay.hpp>

#include <cstdint>
#include <vector>

namespace trygg::factors {

// The pieces come from spatial::overlay_areas (all source × target intersections with
// positive area); named here too, since reallocation is where callers meet them.
using spatial::OverlayPiece;
using spatial::overlay_areas;

enum class ValueKind { count, share };

struct ReallocationResult {
    std::vector<double> values;    // per target; NaN when no source with a value overlaps it
    std::vector<double> coverage;  // per target: share of its area covered by sources with a value
};

// `source_values` per source (NaN: missing). `target_area` per target (for coverage and
// density); `target_population` per target, empty for area weighting.
ReallocationResult reallocate(const std::vector<OverlayPiece>& pieces, const std::vector<double>& source_values,
                              ValueKind kind, const std::vector<double>& target_area,
                              const std::vector<double>& target_population = {});

}  // namespace trygg::factors
