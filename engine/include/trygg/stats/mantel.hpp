// SPDX-License-Identifier: MIT
#pragma once
// The standardized Mantel test for space-time interaction (Mantel 1967), as pointpats'
// spacetime.mantel computes it: the Pearson correlation, over all pairs i < j, of the
// transformed spatial distance (d_ij + space_constant)^space_power and the transformed time
// distance (|t_i - t_j| + time_constant)^time_power. Mantel's advice is the reciprocal
// transformation (constants 1, powers -1: pointpats' defaults), which weights close pairs most.
// Monte Carlo inference permutes the times over the events (the engine's seeded,
// thread-invariant total permutation streams): p = (#{r_perm >= r} + 1) / (R + 1), the upper
// tail as pointpats reports it (space-time interaction makes close pairs closer in time).
#include <trygg/core/progress.hpp>
#include <trygg/stats/permutation.hpp>

#include <cstdint>
#include <span>

namespace trygg::stats {

struct MantelOptions {
    double space_constant = 1.0, space_power = -1.0;
    double time_constant = 1.0, time_power = -1.0;
};

struct MantelResult {
    std::uint64_t events = 0, pairs = 0;
    double r = 0;                         // the standardized Mantel statistic (a correlation)
    std::uint32_t permutations = 0;
    double p_sim = 1, p_sim_se = 0;       // upper tail and its standard error √(p(1-p)/R)
    double sim_mean = 0, sim_sd = 0;      // of r over the permutations
};

// Largest number of events: the transformed spatial distances of all pairs are held in memory
// (8 bytes a pair: 5,000 events are 100 MB) and every permutation visits every pair.
inline constexpr std::uint64_t mantel_max_events = 5000;

// Throws std::invalid_argument when the lengths differ or there are more than mantel_max_events.
// A transformed distance that is not finite (a power below 0 with constant 0 and two events at
// one place or time) makes r NaN, as in pointpats.
MantelResult mantel(std::span<const double> x, std::span<const double> y, std::span<const double> t,
                    const MantelOptions& transform, const PermutationOptions& options,
                    const core::CancelToken* cancel = nullptr);

}  // namespace trygg::stats
