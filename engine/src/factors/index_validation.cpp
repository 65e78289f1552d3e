// SPDX-License-Identifier: MIT
#include <trygg/factors/index_validation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace trygg::factors {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const auto n = static_cast<double>(x.size());
    double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : nan;
}

}  // namespace

std::vector<double> average_ranks(const std::vector<double>& v)
{
    std::vector<double> out(v.size(), nan);
    std::vector<std::size_t> have;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (std::isfinite(v[i]))
            have.push_back(i);
    std::sort(have.begin(), have.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    for (std::size_t k = 0; k < have.size();) {
        std::size_t e = k;
        while (e + 1 < have.size() && v[have[e + 1]] == v[have[k]])
            ++e;
        for (std::size_t j = k; j <= e; ++j)
            out[have[j]] = (static_cast<double>(k + e) / 2.0) + 1.0;
        k = e + 1;
    }
    return out;
}

ValidationMeasures validate_ranking(const std::vector<double>& score, const std::vector<double>& outcome)
{
    ValidationMeasures m;
    std::vector<double> s, o;
    for (std::size_t d = 0; d < score.size() && d < outcome.size(); ++d)
        if (std::isfinite(score[d]) && std::isfinite(outcome[d])) {
            s.push_back(score[d]);
            o.push_back(outcome[d]);
        }
    m.districts = s.size();
    m.spearman = m.auc = nan;
    if (s.size() < 3)
        return m;
    m.spearman = pearson(average_ranks(s), average_ranks(o));
    // Positives: outcome at least the ceil(n/4)-th highest.
    std::vector<double> sorted = o;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    const double cut = sorted[(s.size() + 3) / 4 - 1];
    std::vector<double> pos, neg;
    for (std::size_t i = 0; i < s.size(); ++i)
        (o[i] >= cut ? pos : neg).push_back(s[i]);
    m.top_quartile = pos.size();
    if (pos.empty() || neg.empty())
        return m;
    double wins = 0;
    for (double p : pos)
        for (double q : neg)
            wins += p > q ? 1.0 : p == q ? 0.5 : 0.0;
    m.auc = wins / (static_cast<double>(pos.size()) * static_cast<double>(neg.size()));
    return m;
}

}  // namespace trygg::factors
