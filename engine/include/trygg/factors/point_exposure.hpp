// SPDX-License-Identifier: MIT
#pragma once
// Point factors (meeting places, bus stops, licensed premises, places flagged on safety walks)
// per district: count, share of the district's area within walking distance of a point, and
// distance-decay access.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <vector>

namespace trygg::factors {

struct PointExposure {
    std::vector<double> count;       // points inside the district
    std::vector<double> share_near;  // share of the district's area within `walk_distance` of a point (0..1)
    std::vector<double> access;      // sum over points of exp(-d / decay), d from the district's
                                     // representative point (GEOS PointOnSurface)
};

// `district_of[i]`: the district point i lies in (-1 outside). Distances in CRS units (metres).
PointExposure point_exposure(const std::vector<core::Point>& points, const std::vector<std::int32_t>& district_of,
                             const std::vector<core::MultiPolygon>& districts, double walk_distance, double decay);

// A point inside each district (GEOS PointOnSurface).
std::vector<core::Point> representative_points(const std::vector<core::MultiPolygon>& districts);

}  // namespace trygg::factors
