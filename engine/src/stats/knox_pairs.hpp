// SPDX-License-Identifier: MIT
#pragma once
// Shared by knox.cpp and near_repeat.cpp: the pairs of events within a distance (found with a
// uniform grid, so the search is O(n · neighbours), not O(n²)), each with its distance row,
// and the per-cell counts of those pairs under permutations of the times.
#include <trygg/core/progress.hpp>
#include <trygg/stats/permutation.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace trygg::stats::detail {

struct ClosePair {
    std::uint32_t a, b;   // event indices
    std::uint32_t row;    // distance row
};

// Distance rows as in near_repeat.hpp. Returns the row of squared distance d2, or `rows`
// when the pair is farther than the last band.
struct DistanceRows {
    double width = 0;
    std::size_t bands = 0;
    bool same_location = false;
    std::size_t rows() const { return bands + (same_location ? 1 : 0); }
    std::size_t row_of(double d2) const;
};

// Time bands: [0, v], (v, 2v], ...; `bands` when |dt| is beyond the last.
struct TimeBands {
    double width = 0;
    std::size_t bands = 0;
    std::size_t band_of(double dt) const;
};

std::vector<ClosePair> close_pairs(std::span<const double> x, std::span<const double> y, const DistanceRows& rows,
                                   const core::CancelToken* cancel);

// Pairs of all n events per time band (permutation-invariant), by sorting the times.
std::vector<std::uint64_t> time_band_pairs(std::span<const double> t, const TimeBands& bands);

struct CellCounts {
    std::vector<std::uint64_t> observed;          // rows × bands
    std::vector<double> sum, sum_sq;              // over permutations
    std::vector<std::uint32_t> ge, le;            // permutations ≥ / ≤ observed
};

// Observed counts per (row, time band) cell and their permutation distribution.
CellCounts permuted_cell_counts(const std::vector<ClosePair>& pairs, std::span<const double> t, std::size_t rows,
                                const TimeBands& bands, const PermutationOptions& options,
                                const core::CancelToken* cancel);

}  // namespace trygg::stats::detail
