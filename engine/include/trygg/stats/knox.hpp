// SPDX-License-Identifier: MIT
#pragma once
// The Knox test (Knox 1964): of all pairs of n events, how many are close in space (d ≤ δ) and
// close in time (|Δt| ≤ τ); both rules inclusive, as pointpats' Knox. The 2×2 table, its
// expected counts under independence of space and time (margins fixed), the Poisson tail
// and Monte Carlo inference (times permuted over the locations; see near_repeat.hpp).
#include <trygg/core/progress.hpp>
#include <trygg/stats/permutation.hpp>

#include <cstdint>
#include <span>

namespace trygg::stats {

struct KnoxResult {
    std::uint64_t events = 0;
    std::uint64_t pairs = 0;                                 // n(n-1)/2
    std::uint64_t both = 0, space_only = 0, time_only = 0, neither = 0;
    double expected_both = 0, expected_space_only = 0, expected_time_only = 0, expected_neither = 0;
    double ratio = 0;                                        // both / expected_both
    // Poisson(expected_both) tails: P(X > both) is what pointpats reports; P(X ≥ both) is
    // the usual one-sided p (the observed value counts as extreme). Both are reported.
    double p_poisson_greater = 1, p_poisson_at_least = 1;
    // Monte Carlo: (#{perm ≥ both} + 1) / (R + 1), its standard error sqrt(p(1-p)/R), and the
    // permutation mean and standard deviation of the close-in-both count.
    std::uint32_t permutations = 0;
    double p_sim = 1, p_sim_se = 0, sim_mean = 0, sim_sd = 0;
};

KnoxResult knox(std::span<const double> x, std::span<const double> y, std::span<const double> t, double delta,
                double tau, const PermutationOptions& options, const core::CancelToken* cancel = nullptr);

// P(X ≥ k) for X ~ Poisson(lambda), summed on the side that keeps precision.
double poisson_at_least(double lambda, std::uint64_t k);

}  // namespace trygg::stats
