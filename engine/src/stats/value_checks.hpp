// SPDX-License-Identifier: MIT
#pragma once
// Shared input checks of the autocorrelation statistics: one clear line per problem.
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights.hpp>

#include <cmath>
#include <span>
#include <string>

namespace trygg::stats::detail {

inline void check_values(const spatial::Weights& w, std::span<const double> y, const std::string& what)
{
    if (y.size() != w.size())
        throw core::DataError(what + ": " + std::to_string(y.size()) + " values for " + std::to_string(w.size()) +
                              " units in the weights");
    if (y.size() < 3)
        throw core::DataError(what + ": needs at least 3 units, got " + std::to_string(y.size()));
    for (std::size_t i = 0; i < y.size(); ++i)
        if (!std::isfinite(y[i]))
            throw core::DataError(what + ": value of unit " + w.id(i) + " (record " + std::to_string(i + 1) +
                                  ") is " + (std::isnan(y[i]) ? "missing (NaN)" : "infinite") +
                                  "; remove the unit or fill the value before the statistic");
    double lo = y[0], hi = y[0];
    for (double v : y) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (lo == hi)
        throw core::DataError(what + ": the variable is constant (every unit is " + std::to_string(lo) +
                              "); spatial autocorrelation is undefined");
}

inline double mean(std::span<const double> y)
{
    double s = 0.0;
    for (double v : y)
        s += v;
    return s / static_cast<double>(y.size());
}

}  // namespace trygg::stats::detail
