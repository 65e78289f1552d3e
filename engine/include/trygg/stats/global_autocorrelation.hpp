// SPDX-License-Identifier: MIT
#pragma once
// Global spatial autocorrelation: Moran's I, Geary's C and Getis-Ord General G, each with
// analytic moments (normality and randomisation where defined) and permutation inference.
// p-values here are two-sided; use p_one_sided(z) from normal.hpp for esda's one-tailed p.
#include <trygg/core/progress.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/permutation.hpp>

#include <span>
#include <string>

namespace trygg::stats {

struct GlobalResult {
    std::string statistic;          // "moran_i", "geary_c", "general_g"
    std::size_t n = 0;
    double value = std::nan("");
    double expected = std::nan("");
    double var_norm = std::nan("");  // NaN where not defined (General G has only randomisation)
    double var_rand = std::nan("");
    double z_norm = std::nan("");
    double z_rand = std::nan("");
    double p_norm = std::nan("");    // two-sided
    double p_rand = std::nan("");    // two-sided
    PermutationSummary sim;          // p_sim NaN when permutations = 0
    std::uint32_t permutations = 0;
};

// Moran's I = n/S0 · Σ_ij w_ij z_i z_j / Σ z_i²  (Cliff & Ord moments).
GlobalResult moran(const spatial::Weights& w, std::span<const double> y, const PermutationOptions& perm = {0},
                   const core::CancelToken* cancel = nullptr);
// Geary's C = (n-1) Σ_ij w_ij (y_i - y_j)² / (2 S0 Σ z_i²).
GlobalResult geary(const spatial::Weights& w, std::span<const double> y, const PermutationOptions& perm = {0},
                   const core::CancelToken* cancel = nullptr);
// General G = Σ_ij w_ij y_i y_j / Σ_{i≠j} y_i y_j (y must be non-negative); E[G] = S0/(n(n-1)).
GlobalResult general_g(const spatial::Weights& w, std::span<const double> y, const PermutationOptions& perm = {0},
                       const core::CancelToken* cancel = nullptr);

}  // namespace trygg::stats
