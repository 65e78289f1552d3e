// SPDX-License-Identifier: MIT
#include <trygg/stats/mann_kendall.hpp>
#include <trygg/stats/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace trygg::stats {

MannKendallResult mann_kendall(std::span<const double> series)
{
    std::vector<double> y;
    y.reserve(series.size());
    for (double v : series)
        if (!std::isnan(v))
            y.push_back(v);
    MannKendallResult r;
    r.n = y.size();
    r.tau = std::numeric_limits<double>::quiet_NaN();
    if (r.n < 2)
        return r;
    // O(n²) pairs: series here are a few dozen periods long.
    long long s = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
        for (std::size_t j = i + 1; j < y.size(); ++j)
            s += (y[j] > y[i]) - (y[j] < y[i]);
    r.s = static_cast<double>(s);
    // Ties: groups of equal values.
    std::vector<double> sorted = y;
    std::sort(sorted.begin(), sorted.end());
    double tie_variance = 0, tie_pairs = 0;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j < sorted.size() && sorted[j] == sorted[i])
            ++j;
        const double t = static_cast<double>(j - i);
        tie_variance += t * (t - 1) * (2 * t + 5);
        tie_pairs += t * (t - 1) / 2;
        i = j;
    }
    const double n = static_cast<double>(r.n);
    r.variance = (n * (n - 1) * (2 * n + 5) - tie_variance) / 18.0;
    const double n0 = n * (n - 1) / 2;
    if (r.variance <= 0 || n0 - tie_pairs <= 0)
        return r;
    r.tau = r.s / std::sqrt(n0 * (n0 - tie_pairs));
    r.z = r.s / std::sqrt(r.variance);
    r.p = p_two_sided(r.z);
    return r;
}

}  // namespace trygg::stats
