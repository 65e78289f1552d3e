// SPDX-License-Identifier: MIT
#include <trygg/stats/local_moran.hpp>
#include <trygg/stats/normal.hpp>

#include "value_checks.hpp"

namespace trygg::stats {

std::string to_string(LisaClass c)
{
    switch (c) {
    case LisaClass::not_significant: return "Not significant";
    case LisaClass::high_high: return "High-High";
    case LisaClass::low_low: return "Low-Low";
    case LisaClass::low_high: return "Low-High";
    case LisaClass::high_low: return "High-Low";
    case LisaClass::undefined: return "Undefined";
    }
    return "Undefined";
}

LocalMoranResult local_moran(const spatial::Weights& weights, std::span<const double> y,
                             const PermutationOptions& perm, const core::CancelToken* cancel)
{
    detail::check_values(weights, y, "local_moran");
    const spatial::Weights w = weights.has_self_weights() ? weights.without_self_weights() : weights;
    const std::size_t n = y.size();
    const double nn = static_cast<double>(n), ybar = detail::mean(y);
    double ss = 0.0;
    for (double v : y)
        ss += (v - ybar) * (v - ybar);
    const double sd = std::sqrt(ss / (nn - 1.0));
    LocalMoranResult r;
    r.permutations = perm.permutations;
    r.z_value.resize(n);
    double m2 = 0.0, m4 = 0.0;  // moments of z about its mean (0), divided by n
    for (std::size_t i = 0; i < n; ++i) {
        r.z_value[i] = (y[i] - ybar) / sd;
        m2 += r.z_value[i] * r.z_value[i];
        m4 += r.z_value[i] * r.z_value[i] * r.z_value[i] * r.z_value[i];
    }
    m2 /= nn;
    m4 /= nn;
    const double b2 = m4 / (m2 * m2);
    const double nan = std::nan("");
    r.value.assign(n, nan);
    r.lag.assign(n, nan);
    r.expected.assign(n, nan);
    r.variance.assign(n, nan);
    r.z.assign(n, nan);
    r.p.assign(n, nan);
    std::vector<std::uint32_t> draws(n, 0);
    const auto& z = r.z_value;
    for (std::size_t i = 0; i < n; ++i) {
        auto nb = w.neighbours(i);
        auto wt = w.weights(i);
        if (nb.empty())
            continue;  // island: left out
        double lag = 0.0, wi = 0.0, wi2 = 0.0;
        for (std::size_t k = 0; k < nb.size(); ++k) {
            lag += wt[k] * z[nb[k]];
            wi += wt[k];
            wi2 += wt[k] * wt[k];
        }
        r.lag[i] = lag;
        r.value[i] = z[i] * lag;
        r.expected[i] = -wi / (nn - 1.0);
        const double wikh = wi * wi - wi2;  // Σ_{k≠h} w_ik w_ih
        r.variance[i] = wi2 * (nn - b2) / (nn - 1.0) + wikh * (2.0 * b2 - nn) / ((nn - 1.0) * (nn - 2.0)) -
                        r.expected[i] * r.expected[i];
        r.z[i] = (r.value[i] - r.expected[i]) / std::sqrt(r.variance[i]);
        r.p[i] = p_two_sided(r.z[i]);
        draws[i] = static_cast<std::uint32_t>(nb.size());
    }
    r.sim = conditional_permutation(
        r.value, draws, perm,
        [&](std::size_t i, std::span<const std::uint32_t> sample) {
            auto wt = w.weights(i);
            double lag = 0.0;
            for (std::size_t k = 0; k < sample.size(); ++k)
                lag += wt[k] * z[sample[k]];
            return z[i] * lag;
        },
        cancel);
    return r;
}

std::vector<LisaClass> lisa_classes(const LocalMoranResult& r, std::span<const double> p, double cutoff)
{
    std::vector<LisaClass> out(r.value.size(), LisaClass::undefined);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (std::isnan(r.value[i]) || std::isnan(p[i]))
            continue;
        if (!(p[i] <= cutoff)) {
            out[i] = LisaClass::not_significant;
            continue;
        }
        const bool high = r.z_value[i] > 0.0, lag_high = r.lag[i] > 0.0;
        out[i] = high ? (lag_high ? LisaClass::high_high : LisaClass::high_low)
                      : (lag_high ? LisaClass::low_high : LisaClass::low_low);
    }
    return out;
}

}  // namespace trygg::stats
