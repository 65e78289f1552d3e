// SPDX-License-Identifier: MIT
#pragma once
// Mann–Kendall trend test of a series against time (Mann 1945, Kendall 1975): S, its variance
// with the ties correction, Kendall's tau-b against time and the normal-approximation z and
// two-sided p. No continuity correction, so that z, tau and p equal
// scipy.stats.kendalltau(range(n), y, method="asymptotic") on the same series.
#include <cstddef>
#include <span>

namespace trygg::stats {

struct MannKendallResult {
    std::size_t n = 0;
    double s = 0;         // Σ_{i<j} sign(y_j - y_i)
    double variance = 0;  // (n(n-1)(2n+5) - Σ_t t(t-1)(2t+5)) / 18 over groups of t tied values
    double tau = 0;       // tau-b: S / sqrt(n0 (n0 - n_ties)), n0 = n(n-1)/2
    double z = 0;         // S / sqrt(variance); 0 when the variance is 0 (a constant series)
    double p = 1;         // two-sided, P(|Z| > |z|)
};

// Values in time order, equally spaced. NaN values are skipped (the remaining values keep
// their order). Fewer than two values, or a constant series: S = 0, z = 0, p = 1, tau NaN.
MannKendallResult mann_kendall(std::span<const double> y);

}  // namespace trygg::stats
