// SPDX-License-Identifier: MIT
#include <trygg/stats/knox.hpp>

#include "knox_pairs.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <stdexcept>

namespace trygg::stats {

double poisson_at_least(double lambda, std::uint64_t k)
{
    if (k == 0)
        return 1.0;
    if (!(lambda > 0))
        return 0.0;
    auto pmf = [&](double j) { return std::exp(j * std::log(lambda) - lambda - std::lgamma(j + 1)); };
    const double kd = static_cast<double>(k);
    if (kd > lambda) {  // upper tail directly: terms fall from k on
        double sum = 0, term = pmf(kd);
        for (double j = kd; term > 0 && term > 1e-18 * sum; ++j) {
            sum += term;
            term *= lambda / (j + 1);
        }
        return std::min(1.0, sum);
    }
    double below = 0;  // 1 - P(X ≤ k-1): the lower sum is not small here
    for (std::uint64_t j = 0; j < k; ++j)
        below += pmf(static_cast<double>(j));
    return std::max(0.0, 1.0 - below);
}

KnoxResult knox(std::span<const double> x, std::span<const double> y, std::span<const double> t, double delta,
                double tau, const PermutationOptions& options, const core::CancelToken* cancel)
{
    if (x.size() != y.size() || x.size() != t.size())
        throw std::invalid_argument("knox: x, y and t differ in length");
    if (!(delta > 0) || !(tau >= 0))
        throw std::invalid_argument("knox: the distance must be positive and the time at least 0");
    const auto n = static_cast<std::uint64_t>(x.size());
    KnoxResult r;
    r.events = n;
    r.pairs = n < 2 ? 0 : n * (n - 1) / 2;
    r.permutations = options.permutations;
    // One distance band [0, δ] and one time band [0, τ] (τ = 0: same time only).
    const detail::DistanceRows rows{delta, 1, false};
    const detail::TimeBands times{tau, 1};
    const auto pairs = detail::close_pairs(x, y, rows, cancel);
    const auto space = static_cast<std::uint64_t>(pairs.size());
    std::uint64_t time = 0;
    if (tau > 0) {
        time = detail::time_band_pairs(t, times)[0];
    } else {  // pairs with equal times
        std::vector<double> s(t.begin(), t.end());
        std::sort(s.begin(), s.end());
        for (std::size_t i = 0, j = 0; i < s.size(); i = j) {
            while (j < s.size() && s[j] == s[i])
                ++j;
            time += (j - i) * (j - i - 1) / 2;
        }
    }
    const auto counts = detail::permuted_cell_counts(pairs, t, 1, times, options, cancel);
    r.both = counts.observed[0];
    r.space_only = space - r.both;
    r.time_only = time - r.both;
    r.neither = r.pairs - space - time + r.both;
    const double N = static_cast<double>(r.pairs), S = static_cast<double>(space), T = static_cast<double>(time);
    if (r.pairs > 0) {
        r.expected_both = S * T / N;
        r.expected_space_only = S * (N - T) / N;
        r.expected_time_only = (N - S) * T / N;
        r.expected_neither = (N - S) * (N - T) / N;
    }
    r.ratio = r.expected_both > 0 ? static_cast<double>(r.both) / r.expected_both : std::nan("");
    r.p_poisson_at_least = poisson_at_least(r.expected_both, r.both);
    r.p_poisson_greater = poisson_at_least(r.expected_both, r.both + 1);
    if (options.permutations > 0) {
        const double R = options.permutations;
        r.sim_mean = counts.sum[0] / R;
        r.sim_sd = R > 1 ? std::sqrt(std::max(0.0, (counts.sum_sq[0] - R * r.sim_mean * r.sim_mean) / (R - 1))) : std::nan("");
        r.p_sim = (counts.ge[0] + 1.0) / (R + 1.0);
        r.p_sim_se = std::sqrt(r.p_sim * (1 - r.p_sim) / R);
    } else {
        r.p_sim = r.p_sim_se = r.sim_mean = r.sim_sd = std::nan("");
    }
    return r;
}

}  // namespace trygg::stats
