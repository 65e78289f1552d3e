// SPDX-License-Identifier: MIT
#pragma once
// An exact, cheap proof that the interiors of two valid polygons do not meet, for the common
// case of a clean tessellation (neighbours share vertices and edges exactly). find_overlaps runs
// it before GEOS's relate, which costs a full RelateOp per neighbouring pair in GEOS 3.11.
// "false" means only "not proven": the caller must then ask GEOS. Never says "disjoint" wrongly
// for valid input (rings simple, parts of a multipolygon meeting at points only).
#include <trygg/core/geometry.hpp>

#include <vector>

namespace trygg::spatial {

// A polygon's boundary as directed edges, each with the side its interior lies on.
class BoundaryEdges {
public:
    struct Edge {
        core::Point a, b;
        int interior_side = 0;  // +1: left of a→b, -1: right
        core::Box box;
    };

    explicit BoundaryEdges(const core::MultiPolygon& polygon);

    // False when a ring's orientation could not be decided exactly (degenerate ring).
    bool usable() const { return usable_; }
    const std::vector<Edge>& edges() const { return edges_; }
    const core::Box& box() const { return box_; }

private:
    std::vector<Edge> edges_;
    core::Box box_;
    bool usable_ = true;
};

// True only when it is proven that int(a) ∩ int(b) is empty. Checks, on the edges near the other
// polygon: no proper crossing; every piece of a's boundary (split at b's vertices on it) lies
// outside b or on b's boundary with b's interior on the opposite side, and the same for b.
// Any orientation too close to zero to trust in floating point gives false.
bool interiors_disjoint(const BoundaryEdges& a, const BoundaryEdges& b);

}  // namespace trygg::spatial
