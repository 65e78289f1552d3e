// SPDX-License-Identifier: MIT
#include <trygg/stats/before_after.hpp>
#include <trygg/stats/normal.hpp>

#include <cmath>
#include <limits>

namespace trygg::stats {

namespace {
// The two-sided normal quantile for `confidence` (bisection on erfc; a handful of levels are used).
double normal_quantile_two_sided(double confidence)
{
    const double tail = (1.0 - confidence) / 2.0;
    double lo = 0, hi = 10;
    for (int i = 0; i < 200; ++i) {
        const double mid = (lo + hi) / 2;
        (normal_sf(mid) > tail ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}
}  // namespace

OddsRatio welsh_farrington_odds_ratio(double a, double b, double c, double d, double confidence,
                                      double variance_inflation)
{
    OddsRatio r;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!(a > 0 && b > 0 && c > 0 && d > 0) || !(variance_inflation > 0)) {
        r = {nan, nan, nan, nan, nan, nan, nan, nan, nan};
        return r;
    }
    r.odds_ratio = (a * d) / (b * c);
    r.log_variance = variance_inflation * (1 / a + 1 / b + 1 / c + 1 / d);
    const double se = std::sqrt(r.log_variance), q = normal_quantile_two_sided(confidence);
    const double lor = std::log(r.odds_ratio);
    r.ci_low = std::exp(lor - q * se);
    r.ci_high = std::exp(lor + q * se);
    r.z = lor / se;
    r.p = p_two_sided(r.z);
    r.relative_change = 1 / r.odds_ratio - 1;
    r.relative_change_low = 1 / r.ci_high - 1;
    r.relative_change_high = 1 / r.ci_low - 1;
    return r;
}

}  // namespace trygg::stats
