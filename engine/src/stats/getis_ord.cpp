// SPDX-License-Identifier: MIT
#include <trygg/stats/getis_ord.hpp>
#include <trygg/stats/normal.hpp>

#include "value_checks.hpp"

namespace trygg::stats {

namespace {

spatial::Weights prepare(const spatial::Weights& w, bool star)
{
    if (!star)
        return w.has_self_weights() ? w.without_self_weights() : w;
    if (w.has_self_weights())
        return w;
    if (w.style() == spatial::WeightsStyle::row)
        return w.binarised().with_self_weight(1.0).row_standardised();
    return w.with_self_weight(1.0);
}

}  // namespace

GetisOrdResult local_getis_ord(const spatial::Weights& weights, std::span<const double> y,
                               const GetisOrdOptions& options, const core::CancelToken* cancel)
{
    const char* what = options.star ? "gistar" : "gi";
    detail::check_values(weights, y, what);
    for (std::size_t i = 0; i < y.size(); ++i)
        if (y[i] < 0.0)
            throw core::DataError(std::string(what) + ": value of unit " + weights.id(i) +
                                  " is negative; Getis-Ord G needs values >= 0 (counts or rates)");
    const spatial::Weights w = prepare(weights, options.star);
    const std::size_t n = y.size();
    const double nn = static_cast<double>(n);
    double total = 0.0, total_sq = 0.0;
    for (double v : y) {
        total += v;
        total_sq += v * v;
    }
    const double nan = std::nan("");
    GetisOrdResult r;
    r.star = options.star;
    r.permutations = options.permutation.permutations;
    r.value.assign(n, nan);
    r.z.assign(n, nan);
    r.p.assign(n, nan);
    std::vector<std::uint32_t> draws(n, 0);
    std::vector<double> self(n, 0.0);
    // Star: statistics over all n values; Gi: over the n - 1 values other than i.
    const double big_n = options.star ? nn : nn - 1.0;
    const double mean_all = total / nn;
    const double sd_all = std::sqrt(total_sq / nn - mean_all * mean_all);
    for (std::size_t i = 0; i < n; ++i) {
        auto nb = w.neighbours(i);
        auto wt = w.weights(i);
        double lag = 0.0, wi = 0.0, s1 = 0.0;
        std::uint32_t others = 0;
        for (std::size_t k = 0; k < nb.size(); ++k) {
            lag += wt[k] * y[nb[k]];
            wi += wt[k];
            s1 += wt[k] * wt[k];
            if (nb[k] == i)
                self[i] = wt[k];
            else
                ++others;
        }
        if (others == 0)
            continue;  // island
        draws[i] = others;
        double mean = mean_all, sd = sd_all, denom = total;
        if (!options.star) {
            denom = total - y[i];
            mean = denom / big_n;
            sd = std::sqrt((total_sq - y[i] * y[i]) / big_n - mean * mean);
        }
        if (options.variance == GiVariance::binary_approximation)
            s1 = wi;
        r.value[i] = lag / denom;
        r.z[i] = (lag - mean * wi) / (sd * std::sqrt((big_n * s1 - wi * wi) / (big_n - 1.0)));
        r.p[i] = p_two_sided(r.z[i]);
    }
    r.sim = conditional_permutation(
        r.value, draws, options.permutation,
        [&](std::size_t i, std::span<const std::uint32_t> sample) {
            auto nb = w.neighbours(i);
            auto wt = w.weights(i);
            double lag = self[i] * y[i];
            std::size_t s = 0;
            for (std::size_t k = 0; k < nb.size(); ++k)
                if (nb[k] != i)
                    lag += wt[k] * y[sample[s++]];
            return lag / (options.star ? total : total - y[i]);
        },
        cancel);
    return r;
}

std::int8_t gi_bin(double z, double p, const GiCutoffs& c)
{
    if (std::isnan(z) || std::isnan(p))
        return 0;
    const std::int8_t level = p <= c[0] ? 3 : p <= c[1] ? 2 : p <= c[2] ? 1 : 0;
    return static_cast<std::int8_t>(z > 0 ? level : -level);
}

std::vector<std::int8_t> gi_bins(std::span<const double> z, std::span<const double> p, const GiCutoffs& c)
{
    std::vector<std::int8_t> out(z.size());
    for (std::size_t i = 0; i < z.size(); ++i)
        out[i] = gi_bin(z[i], p[i], c);
    return out;
}

}  // namespace trygg::stats
