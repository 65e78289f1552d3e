// SPDX-License-Identifier: MIT
#pragma once
// Polygon validity with GEOS: invalid polygons are repaired (MakeValid) and the reason is
// returned so the caller can warn naming the feature; overlaps between districts are found.
#include <trygg/core/geometry.hpp>

#include <string>
#include <vector>

namespace trygg::spatial {

struct RepairResult {
    core::MultiPolygon polygon;  // valid (possibly empty if nothing areal remained)
    bool repaired = false;
    std::string reason;          // GEOS's validity reason when repaired
};

RepairResult make_valid(const core::MultiPolygon& polygon);

struct Overlap {
    std::size_t a = 0, b = 0;
    double area = 0;  // in CRS units squared
};

// Pairs whose shared area exceeds `min_area` (CRS units²). Uses bounding boxes to find candidates;
// expects valid polygons (as make_valid returns): neighbours that provably share only edges and
// vertices are settled by interiors_disjoint, the rest by GEOS.
std::vector<Overlap> find_overlaps(const std::vector<core::MultiPolygon>& polygons, double min_area);

}  // namespace trygg::spatial
