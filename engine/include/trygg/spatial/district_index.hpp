// SPDX-License-Identifier: MIT
#pragma once
// Point-in-district assignment for millions of points.
//
// Boundary rule (documented in README): a point exactly on a boundary belongs to the district
// that contains the point moved an infinitesimal step east, or, on an east–west boundary, an
// even smaller step north (a symbolic perturbation (x + εx, y + εy) with 0 < εy ≪ εx). For
// districts that share edges exactly this puts every point in exactly one district; points on
// the outer boundary of the study area are inside on its west/south side and outside on its
// east/north side. Where districts overlap (reported when they are read), the first district
// in layer order wins.
//
// Structure: a uniform grid over the layer; cells no boundary passes through store their
// district directly, others list candidate districts, each tested by a crossing-number test
// over the edges in one horizontal slab of that district.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <vector>

namespace trygg::spatial {

class DistrictIndex {
public:
    explicit DistrictIndex(const std::vector<core::MultiPolygon>& districts);

    // District index, or -1 when the point is in no district (or is NaN).
    std::int32_t locate(double x, double y) const;
    // True when district `d` contains the point under the boundary rule.
    bool contains(std::int32_t d, double x, double y) const;
    // Locates n points; uses up to `threads` threads (results do not depend on it).
    void locate_all(const double* x, const double* y, std::size_t n, std::int32_t* out, unsigned threads = 1) const;

    std::size_t memory_bytes() const;
    std::size_t cell_count() const { return cell_.size(); }

private:
    struct Edge {
        double x0, y0, x1, y1;  // y0 < y1: the canonical (upward) orientation
    };
    struct District {
        double min_x, min_y, max_x, max_y;
        double slab_inv = 0;      // slabs per unit of y
        std::uint32_t slabs = 0;
        std::uint32_t slab_begin = 0;  // into slab_offsets_
    };

    // Construction steps, in order.
    void add_district(const core::MultiPolygon& mp, core::Box& all, std::size_t& total_edges);
    double size_grid(const core::Box& all, std::size_t total_edges);  // returns the cell size
    void own_cell_centres(double cell);
    void add_boundary_candidates(const std::vector<core::MultiPolygon>& polys);

    std::vector<District> districts_;
    std::vector<std::uint32_t> slab_offsets_;  // per district: slabs + 1 offsets into slab_edges_
    std::vector<Edge> slab_edges_;

    double grid_x0_ = 0, grid_y0_ = 0, grid_x1_ = 0, grid_y1_ = 0, cell_inv_ = 1;
    std::uint32_t nx_ = 0, ny_ = 0;
    std::vector<std::int32_t> owner_;           // while building: district containing each cell centre
    std::vector<std::int32_t> cell_;            // district (>= 0), -1 none, or -(2 + boundary cell index)
    std::vector<std::uint32_t> cand_offsets_;   // per boundary cell + 1: candidate districts
    std::vector<std::int32_t> candidates_;
};

}  // namespace trygg::spatial
