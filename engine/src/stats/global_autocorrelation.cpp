// SPDX-License-Identifier: MIT
#include <trygg/stats/global_autocorrelation.hpp>
#include <trygg/stats/normal.hpp>

#include "value_checks.hpp"

#include <vector>

namespace trygg::stats {

namespace {

struct Moments {
    double n, s0, s1, s2;
};

Moments moments(const spatial::Weights& w)
{
    return {static_cast<double>(w.size()), w.s0(), w.s1(), w.s2()};
}

// Σ_ij w_ij a_i b_j with a, b indexed through `order` (identity when empty).
double cross(const spatial::Weights& w, std::span<const double> z, std::span<const std::uint32_t> order = {})
{
    double s = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        auto nb = w.neighbours(i);
        auto wt = w.weights(i);
        double lag = 0.0;
        if (order.empty()) {
            for (std::size_t k = 0; k < nb.size(); ++k)
                lag += wt[k] * z[nb[k]];
            s += z[i] * lag;
        } else {
            for (std::size_t k = 0; k < nb.size(); ++k)
                lag += wt[k] * z[order[nb[k]]];
            s += z[order[i]] * lag;
        }
    }
    return s;
}

void finish(GlobalResult& r)
{
    r.z_norm = (r.value - r.expected) / std::sqrt(r.var_norm);
    r.z_rand = (r.value - r.expected) / std::sqrt(r.var_rand);
    r.p_norm = p_two_sided(r.z_norm);
    r.p_rand = p_two_sided(r.z_rand);
}

}  // namespace

GlobalResult moran(const spatial::Weights& w, std::span<const double> y, const PermutationOptions& perm,
                   const core::CancelToken* cancel)
{
    detail::check_values(w, y, "moran");
    const auto m = moments(w);
    const double n = m.n, ybar = detail::mean(y);
    std::vector<double> z(y.size());
    double m2 = 0.0, m4 = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        z[i] = y[i] - ybar;
        m2 += z[i] * z[i];
        m4 += z[i] * z[i] * z[i] * z[i];
    }
    GlobalResult r;
    r.statistic = "moran_i";
    r.n = y.size();
    const double scale = n / (m.s0 * m2);
    r.value = scale * cross(w, z);
    r.expected = -1.0 / (n - 1.0);
    const double e2 = r.expected * r.expected, s02 = m.s0 * m.s0;
    r.var_norm = (n * n * m.s1 - n * m.s2 + 3.0 * s02) / ((n * n - 1.0) * s02) - e2;
    const double k = (m4 / n) / ((m2 / n) * (m2 / n));
    const double a = n * ((n * n - 3.0 * n + 3.0) * m.s1 - n * m.s2 + 3.0 * s02);
    const double b = k * ((n * n - n) * m.s1 - 2.0 * n * m.s2 + 6.0 * s02);
    r.var_rand = (a - b) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s02) - e2;
    finish(r);
    r.permutations = perm.permutations;
    r.sim = total_permutation(
        r.value, y.size(), perm, [&](std::span<const std::uint32_t> order) { return scale * cross(w, z, order); },
        cancel);
    return r;
}

GlobalResult geary(const spatial::Weights& w, std::span<const double> y, const PermutationOptions& perm,
                   const core::CancelToken* cancel)
{
    detail::check_values(w, y, "geary");
    const auto m = moments(w);
    const double n = m.n, ybar = detail::mean(y);
    double m2 = 0.0, m4 = 0.0;
    for (double v : y) {
        const double d = v - ybar;
        m2 += d * d;
        m4 += d * d * d * d;
    }
    auto numerator = [&](std::span<const std::uint32_t> order) {
        double s = 0.0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            auto nb = w.neighbours(i);
            auto wt = w.weights(i);
            const double yi = order.empty() ? y[i] : y[order[i]];
            for (std::size_t k = 0; k < nb.size(); ++k) {
                const double d = yi - (order.empty() ? y[nb[k]] : y[order[nb[k]]]);
                s += wt[k] * d * d;
            }
        }
        return s;
    };
    const double scale = (n - 1.0) / (2.0 * m.s0 * m2);
    GlobalResult r;
    r.statistic = "geary_c";
    r.n = y.size();
    r.value = scale * numerator({});
    r.expected = 1.0;
    const double s02 = m.s0 * m.s0;
    r.var_norm = ((2.0 * m.s1 + m.s2) * (n - 1.0) - 4.0 * s02) / (2.0 * (n + 1.0) * s02);
    const double k = (m4 / n) / ((m2 / n) * (m2 / n));
    r.var_rand = ((n - 1.0) * m.s1 * (n * n - 3.0 * n + 3.0 - (n - 1.0) * k) -
                  0.25 * (n - 1.0) * m.s2 * (n * n + 3.0 * n - 6.0 - (n * n - n + 2.0) * k) +
                  s02 * (n * n - 3.0 - (n - 1.0) * (n - 1.0) * k)) /
                 (n * (n - 2.0) * (n - 3.0) * s02);
    finish(r);
    r.permutations = perm.permutations;
    r.sim = total_permutation(
        r.value, y.size(), perm, [&](std::span<const std::uint32_t> order) { return scale * numerator(order); },
        cancel);
    return r;
}

GlobalResult general_g(const spatial::Weights& w, std::span<const double> y, const PermutationOptions& perm,
                       const core::CancelToken* cancel)
{
    detail::check_values(w, y, "general_g");
    for (std::size_t i = 0; i < y.size(); ++i)
        if (y[i] < 0.0)
            throw core::DataError("general_g: value of unit " + w.id(i) + " is negative; General G needs y >= 0");
    const auto m = moments(w);
    const double n = m.n;
    double y1 = 0.0, y2 = 0.0, y3 = 0.0, y4 = 0.0;
    for (double v : y) {
        y1 += v;
        y2 += v * v;
        y3 += v * v * v;
        y4 += v * v * v * v;
    }
    const double denominator = y1 * y1 - y2;  // Σ_{i≠j} y_i y_j
    GlobalResult r;
    r.statistic = "general_g";
    r.n = y.size();
    r.value = cross(w, y) / denominator;
    r.expected = m.s0 / (n * (n - 1.0));
    // Getis & Ord (1992) randomisation variance.
    const double s02 = m.s0 * m.s0;
    const double b0 = (n * n - 3.0 * n + 3.0) * m.s1 - n * m.s2 + 3.0 * s02;
    const double b1 = -((n * n - n) * m.s1 - 2.0 * n * m.s2 + 6.0 * s02);
    const double b2 = -(2.0 * n * m.s1 - (n + 3.0) * m.s2 + 6.0 * s02);
    const double b3 = 4.0 * (n - 1.0) * m.s1 - 2.0 * (n + 1.0) * m.s2 + 8.0 * s02;
    const double b4 = m.s1 - m.s2 + s02;
    const double eg2 = (b0 * y2 * y2 + b1 * y4 + b2 * y1 * y1 * y2 + b3 * y1 * y3 + b4 * y1 * y1 * y1 * y1) /
                       (denominator * denominator * n * (n - 1.0) * (n - 2.0) * (n - 3.0));
    r.var_rand = eg2 - r.expected * r.expected;
    r.z_rand = (r.value - r.expected) / std::sqrt(r.var_rand);
    r.p_rand = p_two_sided(r.z_rand);
    r.permutations = perm.permutations;
    r.sim = total_permutation(
        r.value, y.size(), perm,
        [&](std::span<const std::uint32_t> order) {
            std::vector<double> p(order.size());
            for (std::size_t k = 0; k < order.size(); ++k)
                p[k] = y[order[k]];
            return cross(w, p) / denominator;
        },
        cancel);
    return r;
}

}  // namespace trygg::stats
