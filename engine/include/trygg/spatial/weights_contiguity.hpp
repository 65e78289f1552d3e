// SPDX-License-Identifier: MIT
#pragma once
// Contiguity weights from polygons: queen (a shared vertex is enough) or rook (a shared edge
// segment is needed). Vertices closer than the snapping tolerance count as the same vertex,
// so slivers and digitising gaps between neighbouring districts do not break contiguity.
#include <trygg/core/geometry.hpp>
#include <trygg/spatial/weights.hpp>

#include <string>
#include <vector>

namespace trygg::spatial {

enum class Contiguity { queen, rook };
Contiguity parse_contiguity(const std::string& name);  // "queen" | "rook"

struct ContiguityOptions {
    Contiguity kind = Contiguity::queen;
    // Vertices within this distance (in the polygons' units) are merged (transitively) before
    // comparing. 0: exact coordinate equality, as libpysal does. Rook with a tolerance still
    // needs both end vertices of an edge to match; a T-junction (a vertex in the middle of
    // the neighbour's edge) is not a rook link.
    double snap_tolerance = 0.0;
};

// Binary, symmetric weights in the order of `polygons`.
Weights contiguity_weights(const std::vector<core::MultiPolygon>& polygons, const ContiguityOptions& options,
                           std::vector<std::string> ids = {});

}  // namespace trygg::spatial
