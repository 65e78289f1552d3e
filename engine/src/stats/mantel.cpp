// SPDX-License-Identifier: MIT
#include <trygg/stats/mantel.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace trygg::stats {

namespace {

// (d + c)^p with the two usual powers done exactly (the reciprocal and the identity).
double transform(double d, double c, double p)
{
    if (p == -1.0)
        return 1.0 / (d + c);
    if (p == 1.0)
        return d + c;
    return std::pow(d + c, p);
}

}  // namespace

MantelResult mantel(std::span<const double> x, std::span<const double> y, std::span<const double> t,
                    const MantelOptions& f, const PermutationOptions& options, const core::CancelToken* cancel)
{
    if (x.size() != y.size() || x.size() != t.size())
        throw std::invalid_argument("mantel: x, y and t differ in length");
    const std::size_t n = x.size();
    if (n > mantel_max_events)
        throw std::invalid_argument("mantel: " + std::to_string(n) + " events, at most " +
                                    std::to_string(mantel_max_events) + " (every pair is held in memory)");
    MantelResult r;
    r.events = n;
    r.pairs = n < 2 ? 0 : static_cast<std::uint64_t>(n) * (n - 1) / 2;
    r.permutations = options.permutations;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (n < 3) {
        r.r = r.p_sim = r.p_sim_se = r.sim_mean = r.sim_sd = nan;
        return r;
    }
    // Pairs in the order (1,0), (2,0), (2,1), ... (row i, columns j < i), as a lower triangle.
    std::vector<double> space(r.pairs);
    double sum_s = 0, sum_t = 0;
    for (std::size_t i = 1, k = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j, ++k) {
            space[k] = transform(std::hypot(x[i] - x[j], y[i] - y[j]), f.space_constant, f.space_power);
            sum_s += space[k];
            sum_t += transform(std::abs(t[i] - t[j]), f.time_constant, f.time_power);
        }
    const double P = static_cast<double>(r.pairs), mean_s = sum_s / P, mean_t = sum_t / P;
    // The time distances are the same multiset under every permutation of the times: their mean
    // and spread are fixed, only the cross products move.
    double ss = 0, st = 0;
    for (std::size_t i = 1, k = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j, ++k) {
            const double dt = transform(std::abs(t[i] - t[j]), f.time_constant, f.time_power) - mean_t;
            ss += (space[k] - mean_s) * (space[k] - mean_s);
            st += dt * dt;
        }
    const double scale = std::sqrt(ss * st);
    // r for times taken from the events in `order` (order[i]: whose time event i gets).
    auto correlation = [&](std::span<const std::uint32_t> order) {
        double cross = 0;
        for (std::size_t i = 1, k = 0; i < n; ++i) {
            const double ti = t[order[i]];
            for (std::size_t j = 0; j < i; ++j, ++k)
                cross += (space[k] - mean_s) *
                         (transform(std::abs(ti - t[order[j]]), f.time_constant, f.time_power) - mean_t);
        }
        return cross / scale;
    };
    std::vector<std::uint32_t> identity(n);
    for (std::size_t i = 0; i < n; ++i)
        identity[i] = static_cast<std::uint32_t>(i);
    r.r = correlation(identity);
    if (options.permutations == 0 || !std::isfinite(r.r)) {
        r.p_sim = r.p_sim_se = r.sim_mean = r.sim_sd = nan;
        return r;
    }
    // The engine's total permutation streams (permutation.hpp: stream p keyed on (seed, p),
    // Fisher-Yates), reduced in permutation order: the same for any thread count.
    std::vector<double> values(options.permutations);
    detail::parallel_blocks(options.permutations, options.threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t> order(n);
        for (std::size_t p = begin; p < end; ++p) {
            if (cancel)
                cancel->check();
            for (std::size_t k = 0; k < n; ++k)
                order[k] = static_cast<std::uint32_t>(k);
            SplitMix64 rng(stream_key(options.seed, p));
            for (std::size_t k = n - 1; k > 0; --k)
                std::swap(order[k], order[rng.below(static_cast<std::uint32_t>(k + 1))]);
            values[p] = correlation(order);
        }
    });
    double sum = 0, sum_sq = 0;
    std::uint32_t ge = 0;
    for (double v : values) {
        sum += v;
        sum_sq += v * v;
        ge += v >= r.r ? 1u : 0u;
    }
    const double R = options.permutations;
    r.sim_mean = sum / R;
    r.sim_sd = R > 1 ? std::sqrt(std::max(0.0, (sum_sq - R * r.sim_mean * r.sim_mean) / (R - 1))) : nan;
    r.p_sim = (ge + 1.0) / (R + 1.0);
    r.p_sim_se = std::sqrt(r.p_sim * (1 - r.p_sim) / R);
    return r;
}

}  // namespace trygg::stats
