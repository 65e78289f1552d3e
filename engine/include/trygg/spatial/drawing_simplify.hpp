// SPDX-License-Identifier: MIT
#pragma once
// Polygons simplified for drawing only (report maps): GEOS topology-preserving simplification,
// so a ring never collapses or crosses itself. Nothing is measured on the result.
#include <trygg/core/geometry.hpp>

namespace trygg::spatial {

// `tolerance` in the units of the coordinates (metres in the working CRS). The input is
// returned unchanged if GEOS cannot simplify it.
core::MultiPolygon simplify_for_drawing(const core::MultiPolygon& polygon, double tolerance);

}  // namespace trygg::spatial
