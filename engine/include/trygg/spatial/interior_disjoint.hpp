// SPDX-License-Identifier: MIT
#pragma once
// An exact, cheap proof that the interiors of two valid polygons do not meet, for the common
// case of a clean tessellation (neighbours share vertices and edges exactly). find_overlaps runs
// it before GEOS's relate, which costs a full RelateOp per neighbouring pair in GEOS 3.11.
// "false" means only "not proven": the caller must then ask GEOS. Never says "disjoint" wrongly
// for valid input (rings simple, parts of a multipolygon meeting at points only).
#include <trygg/core/geometry.hpp>

#include <cstddef>
#include <cstdint>
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

    // The edges by horizontal band of the box, so that a point or an edge is compared with the
    // edges at its height only (a DeSO of 1,869 edges against each of its neighbours' pieces
    // was most of find_overlaps). An edge is listed in every band its y-range meets; band() is
    // monotone in y, so an edge whose y-range holds y is listed in band(y).
    std::size_t band_count() const { return band_start_.size() - 1; }
    std::size_t band(double y) const
    {
        const double t = (y - box_.min_y) * band_scale_;
        if (!(t > 0))
            return 0;
        return t >= static_cast<double>(band_count()) ? band_count() - 1 : static_cast<std::size_t>(t);
    }
    // Indexes into edges() of the edges listed in band k, in increasing order.
    const std::uint32_t* band_begin(std::size_t k) const { return band_edges_.data() + band_start_[k]; }
    const std::uint32_t* band_end(std::size_t k) const { return band_edges_.data() + band_start_[k + 1]; }

private:
    void index_bands();

    std::vector<Edge> edges_;
    core::Box box_;
    bool usable_ = true;
    double band_scale_ = 0;                    // bands per unit of y
    std::vector<std::uint32_t> band_start_{0, 0};  // band k's edges: band_edges_[start[k], start[k+1])
    std::vector<std::uint32_t> band_edges_;
};

// True only when it is proven that int(a) ∩ int(b) is empty. Checks, on the edges near the other
// polygon: no proper crossing; every piece of a's boundary (split at b's vertices on it) lies
// outside b or on b's boundary with b's interior on the opposite side, and the same for b.
// Any orientation too close to zero to trust in floating point gives false.
bool interiors_disjoint(const BoundaryEdges& a, const BoundaryEdges& b);

}  // namespace trygg::spatial
