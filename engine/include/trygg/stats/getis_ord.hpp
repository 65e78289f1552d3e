// SPDX-License-Identifier: MIT
#pragma once
// Local Getis-Ord Gi and Gi* (Getis & Ord 1992, Ord & Getis 1995) with the textbook z-score
// that ArcGIS documents (invariant to row standardisation), analytic and conditional-
// permutation inference, and the hot/cold-spot bins -3..+3.
#include <trygg/core/progress.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/permutation.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace trygg::stats {

enum class GiVariance {
    // Var(Σ_j w_ij x_j) = s² (N S1_i - W_i²)/(N - 1), S1_i = Σ_j w_ij²: valid for any weights.
    textbook,
    // esda's formula, which takes S1_i = W_i (right only for binary weights); kept so that
    // esda's row-standardised results can be reproduced.
    binary_approximation,
};

struct GetisOrdOptions {
    bool star = true;  // Gi* (i in its own neighbourhood) or Gi
    GiVariance variance = GiVariance::textbook;
    PermutationOptions permutation{0};
};

struct GetisOrdResult {
    bool star = true;
    std::vector<double> value;  // G_i = Σ_j w_ij x_j / Σ_j x_j  (Gi: sums over j ≠ i)
    std::vector<double> z;
    std::vector<double> p;      // two-sided analytic
    std::vector<PermutationSummary> sim;
    std::uint32_t permutations = 0;
};

// For Gi*, weights without self weights get w_ii = 1 (binary/custom); row-standardised
// weights get the self weight before standardising (w_ij/(W_i + 1) on binary rows, GeoDa's
// G*). For Gi, self weights in `w` are ignored. Islands (no neighbour other than i) get NaN.
// y must be non-negative (counts, rates).
GetisOrdResult local_getis_ord(const spatial::Weights& w, std::span<const double> y, const GetisOrdOptions& options,
                               const core::CancelToken* cancel = nullptr);

// ArcGIS's Gi_Bin: ±3 for p <= 0.01, ±2 for p <= 0.05, ±1 for p <= 0.10 (sign of z), else 0;
// NaN gives 0. `cutoffs` replaces the three levels (99, 95, 90 %), e.g. by FDR-corrected ones.
using GiCutoffs = std::array<double, 3>;
inline constexpr GiCutoffs gi_levels{0.01, 0.05, 0.10};
std::int8_t gi_bin(double z, double p, const GiCutoffs& cutoffs = gi_levels);
std::vector<std::int8_t> gi_bins(std::span<const double> z, std::span<const double> p,
                                 const GiCutoffs& cutoffs = gi_levels);

}  // namespace trygg::stats
