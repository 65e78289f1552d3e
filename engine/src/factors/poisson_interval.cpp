// SPDX-License-Identifier: MIT
#include <trygg/factors/poisson_interval.hpp>

#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <limits>

namespace trygg::factors {

Interval exact_poisson_interval(double events, double confidence)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!(events >= 0) || !(confidence > 0 && confidence < 1))
        return {nan, nan};
    const double alpha = 1.0 - confidence;
    const double n = std::round(events);
    Interval out;
    out.lower = n > 0 ? boost::math::gamma_p_inv(n, alpha / 2) : 0.0;
    out.upper = boost::math::gamma_p_inv(n + 1, 1 - alpha / 2);
    return out;
}

RateRatio rate_ratio(double observed, double expected, double confidence)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!(expected > 0) || !(observed >= 0))
        return {nan, {nan, nan}};
    const auto ci = exact_poisson_interval(observed, confidence);
    return {observed / expected, {ci.lower / expected, ci.upper / expected}};
}

}  // namespace trygg::factors
