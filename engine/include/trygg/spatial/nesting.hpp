// SPDX-License-Identifier: MIT
#pragma once
// How one polygon layer nests in another (DeSO in RegSO, delområden in kommundelar): for each
// inner polygon, the outer polygon holding the largest share of its area. GEOS stays behind
// spatial/overlay.hpp.
#include <trygg/core/geometry.hpp>

#include <cstddef>
#include <vector>

namespace trygg::spatial {

struct Enclosing {
    int outer = -1;      // index into the outer polygons; -1 when the inner polygon meets none
    double share = 0.0;  // share (0..1) of the inner polygon's area inside that outer polygon
};

// Per inner polygon, in order. Ties go to the lower outer index (deterministic).
std::vector<Enclosing> nesting(const std::vector<core::MultiPolygon>& inner,
                               const std::vector<core::MultiPolygon>& outer);

// Indices of the inner polygons whose share is below `min_share` (not nested), in order.
std::vector<std::size_t> not_nested(const std::vector<Enclosing>& nest, double min_share);

}  // namespace trygg::spatial
