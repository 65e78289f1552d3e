// SPDX-License-Identifier: MIT
#pragma once
// Near-repeat analysis (Ratcliffe's Near Repeat Calculator, Knox 1964): pairs of events by
// distance band × time band, observed against what permuting the times over the locations
// gives.
//
// Band rules (distances in the units of x/y, times in the units of t, e.g. days):
// - distance band k (k = 0..distance_bands-1) holds pairs with k·w < d ≤ (k+1)·w, band 0 from
//   0 inclusive: [0, w], (w, 2w], ... With `same_location`, distance 0 is a band of its own
//   (row "0") and the first width band is (0, w].
// - time band k holds pairs with k·v < |Δt| ≤ (k+1)·v, band 0 from 0 inclusive: [0, v],
//   (v, 2v], ... For whole days and v = 14: days 0–14, 15–28, ...
// - pairs farther apart than the last band (in distance or time) are counted in no cell.
//
// Inference: permutation p shuffles the times over the locations with a random stream keyed
// on (seed, p), so results do not depend on the thread count. `expected` is the exact mean
// over all permutations: S·T/N (S pairs in the distance band, T pairs in the time band over
// all pairs, N all pairs), since a permutation gives a pair of locations a uniformly random
// pair of times. The Monte Carlo mean is reported beside it.
#include <trygg/core/progress.hpp>
#include <trygg/stats/permutation.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace trygg::stats {

struct NearRepeatBands {
    double distance_width = 100;
    std::size_t distance_bands = 5;
    double time_width = 7;
    std::size_t time_bands = 5;
    bool same_location = false;
};

struct NearRepeatCell {
    std::size_t distance_band = 0;   // row (with same_location, row 0 is distance 0)
    std::size_t time_band = 0;
    double distance_low = 0, distance_high = 0;  // (low, high]; row 0: [0, high]
    double time_low = 0, time_high = 0;          // (low, high]; band 0: [0, high]
    std::uint64_t observed = 0;
    double expected = 0;            // exact permutation mean S·T/N
    double ratio = 0;               // Knox ratio observed / expected (NaN when expected is 0)
    double sim_mean = 0, sim_sd = 0;
    double p_upper = 1;             // (#{perm ≥ observed} + 1) / (R + 1): more pairs than chance
    double p_lower = 1;             // (#{perm ≤ observed} + 1) / (R + 1): fewer pairs than chance
};

struct NearRepeatResult {
    std::uint64_t events = 0;
    std::uint64_t pairs = 0;        // all pairs n(n-1)/2
    std::uint32_t permutations = 0;
    std::vector<NearRepeatCell> cells;  // row-major: distance row, then time band
};

// x, y, t of the events (no NaN: the caller drops events without a place or a time).
NearRepeatResult near_repeat(std::span<const double> x, std::span<const double> y, std::span<const double> t,
                             const NearRepeatBands& bands, const PermutationOptions& options,
                             const core::CancelToken* cancel = nullptr);

}  // namespace trygg::stats
