// SPDX-License-Identifier: MIT
#pragma once
// Polygon overlay for the factors module (and anyone else): intersection areas between two
// polygon sets, a point on each polygon's surface, and the share of each polygon's area within
// a distance of a set of points. GEOS stays behind this header.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <vector>

namespace trygg::spatial {

struct OverlayPiece {
    std::uint32_t source = 0;
    std::uint32_t target = 0;
    double area = 0.0;  // area of the intersection, in CRS units squared
};

// All source × target intersections with positive area, in (source, target) order (GEOS,
// bounding-box prefilter). Throws core::DataError when GEOS cannot intersect a pair.
std::vector<OverlayPiece> overlay_areas(const std::vector<core::MultiPolygon>& sources,
                                        const std::vector<core::MultiPolygon>& targets);

// A point inside each polygon (GEOS PointOnSurface); NaN for an empty polygon.
std::vector<core::Point> points_on_surface(const std::vector<core::MultiPolygon>& polygons);

// Per polygon: the share (0..1) of its area within `distance` of at least one point (the union
// of the points' buffers, 16 segments per quarter circle). All 0 when there are no points or
// `distance` is not positive.
std::vector<double> share_within_distance(const std::vector<core::MultiPolygon>& polygons,
                                          const std::vector<core::Point>& points, double distance);

}  // namespace trygg::spatial
