// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/stats/rates.hpp>

#include <cmath>
#include <string>

namespace trygg::stats {

namespace {

std::string name(std::span<const std::string> ids, std::size_t i)
{
    return i < ids.size() ? ids[i] : std::to_string(i + 1);
}

void check(std::span<const double> e, std::span<const double> b, std::span<const std::string> ids)
{
    if (e.size() != b.size())
        throw core::DataError("rates: " + std::to_string(e.size()) + " counts but " + std::to_string(b.size()) +
                              " base values");
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (!std::isfinite(e[i]) || e[i] < 0.0)
            throw core::DataError("rates: count of unit " + name(ids, i) + " is missing or negative");
        if (!std::isfinite(b[i]) || !(b[i] > 0.0))
            throw core::DataError("rates: population (base) of unit " + name(ids, i) +
                                  " is missing or not positive; a rate needs a population");
    }
}

struct Prior {
    double m, a;
};

// Method-of-moments prior over the units in `idx` (all when empty).
template <typename Each> Prior prior(std::span<const double> e, std::span<const double> b, Each each)
{
    double se = 0.0, sb = 0.0, count = 0.0;
    each([&](std::size_t i) {
        se += e[i];
        sb += b[i];
        count += 1.0;
    });
    const double m = se / sb;
    double s2 = 0.0;
    each([&](std::size_t i) {
        const double d = e[i] / b[i] - m;
        s2 += b[i] * d * d;
    });
    s2 /= sb;
    return {m, s2 - m / (sb / count)};
}

}  // namespace

std::vector<double> crude_rates(std::span<const double> events, std::span<const double> base, double scale,
                                std::span<const std::string> ids)
{
    check(events, base, ids);
    std::vector<double> r(events.size());
    for (std::size_t i = 0; i < r.size(); ++i)
        r[i] = events[i] / base[i] * scale;
    return r;
}

std::vector<double> eb_global(std::span<const double> e, std::span<const double> b, std::span<const std::string> ids)
{
    check(e, b, ids);
    const auto pr = prior(e, b, [&](auto f) {
        for (std::size_t i = 0; i < e.size(); ++i)
            f(i);
    });
    const double a = std::max(0.0, pr.a);
    std::vector<double> out(e.size());
    for (std::size_t i = 0; i < e.size(); ++i) {
        const double c = (a == 0.0 && pr.m == 0.0) ? 0.0 : a / (a + pr.m / b[i]);
        out[i] = pr.m + c * (e[i] / b[i] - pr.m);
    }
    return out;
}

std::vector<double> eb_spatial(std::span<const double> e, std::span<const double> b, const spatial::Weights& w)
{
    check(e, b, w.ids());
    if (w.size() != e.size())
        throw core::DataError("rates: weights have " + std::to_string(w.size()) + " units, counts " +
                              std::to_string(e.size()));
    std::vector<double> out(e.size());
    for (std::size_t i = 0; i < e.size(); ++i) {
        auto nb = w.neighbours(i);
        const auto pr = prior(e, b, [&](auto f) {
            f(i);
            for (auto j : nb)
                if (j != i)
                    f(j);
        });
        const double a = std::max(0.0, pr.a);
        const double c = (a == 0.0 && pr.m == 0.0) ? 0.0 : a / (a + pr.m / b[i]);
        out[i] = pr.m + c * (e[i] / b[i] - pr.m);
    }
    return out;
}

std::vector<double> eb_standardise(std::span<const double> e, std::span<const double> b,
                                   std::span<const std::string> ids)
{
    check(e, b, ids);
    const auto pr = prior(e, b, [&](auto f) {
        for (std::size_t i = 0; i < e.size(); ++i)
            f(i);
    });
    std::vector<double> out(e.size());
    for (std::size_t i = 0; i < e.size(); ++i) {
        double v = pr.a + pr.m / b[i];
        if (v < 0.0)
            v = pr.m / b[i];
        out[i] = (e[i] / b[i] - pr.m) / std::sqrt(v);
    }
    return out;
}

}  // namespace trygg::stats
