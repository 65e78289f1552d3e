// SPDX-License-Identifier: MIT
#pragma once
// Getis–Ord Gi* on the cells of a regular grid (the `grid_hotspots` stage's core).
//
// Weights are binary: w_ij = 1 when the centres of cells i and j are at most `distance` apart
// (inclusive, relative tolerance 1e-9), including i itself (the "star"). Only cells in the
// grid's mask are observations (n = in-cells); lattice cells outside the study area are not
// neighbours. The z-score is the one ArcGIS documents for Hot Spot Analysis:
//   X̄ = Σx/n,  S = √(Σx²/n − X̄²),  W_i = Σ_j w_ij (= Σ_j w_ij² for binary weights)
//   z_i = (Σ_j w_ij x_j − X̄·W_i) / (S · √((n·W_i − W_i²)/(n − 1)))
// p is two-sided from the standard normal. Bins as ArcGIS's Gi_Bin: ±3 / ±2 / ±1 when the cell
// is significant at 99 % / 95 % / 90 % confidence (sign of z), 0 otherwise; with FDR the
// per-level threshold is the Benjamini–Hochberg cut-off at that α instead of α itself.
//
// Fast evaluation: the neighbourhood of a lattice cell is a fixed stencil (one per column parity
// for hexagons), split into runs along lattice columns; with per-column prefix sums of values
// and of the mask every Σ_j w_ij x_j costs one subtraction per run — O(cells · runs).
#include <trygg/core/geometry.hpp>
#include <trygg/spatial/grid.hpp>

#include <cstdint>
#include <vector>

namespace trygg::stats {

struct GridHotspotOptions {
    double distance = 0;  // metres; 0: the automatic rule below (or k when k > 0)
    int k = 0;            // > 0: use the k-neighbour rule instead of a distance
    bool fdr = true;      // Benjamini–Hochberg per confidence level
};

struct GridHotspotResult {
    double distance = 0;                  // band actually used, metres
    std::vector<double> z, p;             // lattice-sized; NaN outside the mask
    std::vector<std::int8_t> bin;         // −3..3; 0 outside the mask
    std::vector<std::int32_t> neighbours; // W_i (self included); 0 outside the mask
    double cutoff_90 = 0, cutoff_95 = 0, cutoff_99 = 0;  // p thresholds applied per level
};

// Automatic band: the smallest lattice distance giving every interior cell at least 8
// neighbours besides itself: √2·s for squares (the 3×3 "queen" block), √3·s for hexagons
// (two rings, 12 neighbours).
double automatic_band(const spatial::Grid& grid);
// k-neighbour rule on a lattice: the smallest centre distance whose stencil holds at least k
// cells besides the cell itself (ties at that distance are all included, so k is rounded up to
// a complete ring; cells at the edge of the study area have fewer).
double band_for_k(const spatial::Grid& grid, int k);

// `values` are lattice-sized (entries outside the mask are ignored).
GridHotspotResult grid_gi_star(const spatial::Grid& grid, const std::vector<double>& values,
                               const GridHotspotOptions& options);

// Gi* z-scores for arbitrary points with a binary distance band (self included), computed
// neighbour by neighbour in O(n²): the reference for grid_gi_star and for EXPECTED.md G1.
std::vector<double> gi_star_direct(const std::vector<core::Point>& points, const std::vector<double>& values,
                                   double distance);

// Two-sided normal p-value of a z-score.
double two_sided_p(double z);
// Benjamini–Hochberg threshold as esda applies it: the largest k·α/n with p_(k) < k·α/n; when
// no p passes, α/n (Bonferroni), which nothing passes either.
double fdr_threshold(std::vector<double> p, double alpha);
// ArcGIS-style bin of one cell given the per-level p thresholds.
std::int8_t gi_bin(double z, double p, double cut90, double cut95, double cut99);

}  // namespace trygg::stats
