// SPDX-License-Identifier: MIT
#pragma once
// Containment of one point in one polygon and the polygon's reach from a point, for the
// geocoder's ambiguity rule (is a named place inside a named district?) and for the
// uncertainty of an area hit.
#include <trygg/core/geometry.hpp>

namespace trygg::spatial {

// Even-odd rule over every ring (holes excluded); a point on an edge may go either way.
bool polygon_contains(const core::MultiPolygon& area, const core::Point& p);

// The largest distance from `p` to any vertex of `area`: a circle of this radius around `p`
// covers the whole polygon.
double farthest_vertex_distance(const core::MultiPolygon& area, const core::Point& p);

}  // namespace trygg::spatial
