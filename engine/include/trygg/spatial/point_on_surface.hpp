// SPDX-License-Identifier: MIT
#pragma once
// A point that lies inside a polygon (GEOS PointOnSurface), for placing a named area: the
// centroid of a bent polygon can lie in its neighbour, this point never does.
#include <trygg/core/geometry.hpp>

namespace trygg::spatial {

// A point in the interior of `area` (of its largest-width part for a multipolygon); NaN
// coordinates when the polygon is empty or GEOS cannot give one.
core::Point point_on_surface(const core::MultiPolygon& area);

}  // namespace trygg::spatial
