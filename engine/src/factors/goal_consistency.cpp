// SPDX-License-Identifier: MIT
#include <trygg/factors/goal_consistency.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace trygg::factors {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double duplicate_r = 0.95;

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const auto n = x.size();
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : nan;
}

std::vector<double> standardised(const std::vector<double>& x)
{
    const auto n = static_cast<double>(x.size());
    double m = 0;
    for (double v : x)
        m += v;
    m /= n;
    double ss = 0;
    for (double v : x)
        ss += (v - m) * (v - m);
    const double sd = std::sqrt(ss / n);
    std::vector<double> z(x.size(), 0.0);
    if (sd > 0)
        for (std::size_t i = 0; i < x.size(); ++i)
            z[i] = (x[i] - m) / sd;
    return z;
}

// Standardised alpha from the mean off-diagonal correlation of the items in `keep`.
double alpha_of(const std::vector<std::vector<double>>& r, const std::vector<std::size_t>& keep)
{
    const auto k = keep.size();
    if (k < 2)
        return nan;
    double sum = 0;
    int pairs = 0;
    for (std::size_t a = 0; a < k; ++a)
        for (std::size_t b = a + 1; b < k; ++b) {
            if (!std::isfinite(r[keep[a]][keep[b]]))
                return nan;
            sum += r[keep[a]][keep[b]];
            ++pairs;
        }
    const double mean_r = sum / pairs;
    const double kk = static_cast<double>(k);
    return kk * mean_r / (1.0 + (kk - 1.0) * mean_r);
}

}  // namespace

std::vector<double> symmetric_eigenvalues(std::vector<std::vector<double>> a)
{
    return symmetric_eigen(std::move(a)).first;
}

std::pair<std::vector<double>, std::vector<std::vector<double>>> symmetric_eigen(std::vector<std::vector<double>> a)
{
    const auto n = a.size();
    std::vector<std::vector<double>> v(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
        v[i][i] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q)
                off += a[p][q] * a[p][q];
        if (off < 1e-22)
            break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                if (std::abs(a[p][q]) < 1e-300)
                    continue;
                const double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {  // columns p, q
                    const double akp = a[k][p], akq = a[k][q];
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {  // rows p, q
                    const double apk = a[p][k], aqk = a[q][k];
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                for (std::size_t k = 0; k < n; ++k) {  // eigenvectors: columns of v
                    const double vkp = v[k][p], vkq = v[k][q];
                    v[k][p] = c * vkp - s * vkq;
                    v[k][q] = s * vkp + c * vkq;
                }
            }
    }
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a[x][x] > a[y][y]; });
    std::vector<double> ev(n);
    std::vector<std::vector<double>> vec(n, std::vector<double>(n));
    for (std::size_t j = 0; j < n; ++j) {
        ev[j] = a[order[j]][order[j]];
        for (std::size_t i = 0; i < n; ++i)
            vec[j][i] = v[i][order[j]];
    }
    return {ev, vec};
}

std::vector<GoalConsistency> goal_consistency(const std::vector<ConsistencyInput>& indicators)
{
    std::map<int, std::vector<std::size_t>> by_goal;
    for (std::size_t i = 0; i < indicators.size(); ++i)
        by_goal[indicators[i].goal].push_back(i);
    std::vector<GoalConsistency> out;
    for (const auto& [goal, members] : by_goal) {
        GoalConsistency gc;
        gc.goal = goal;
        const auto k = members.size();
        const auto n = indicators[members.front()].directed.size();
        std::vector<std::size_t> rows;
        for (std::size_t d = 0; d < n; ++d)
            if (std::all_of(members.begin(), members.end(),
                            [&](std::size_t i) { return std::isfinite(indicators[i].directed[d]); }))
                rows.push_back(d);
        gc.complete_cases = rows.size();
        std::vector<std::vector<double>> x(k), z(k);
        for (std::size_t a = 0; a < k; ++a) {
            for (auto d : rows)
                x[a].push_back(indicators[members[a]].directed[d]);
            z[a] = standardised(x[a]);
        }
        const bool enough = rows.size() >= 3;
        gc.correlation.assign(k, std::vector<double>(k, nan));
        for (std::size_t a = 0; a < k; ++a)
            for (std::size_t b = 0; b < k; ++b)
                gc.correlation[a][b] = !enough ? nan : a == b ? 1.0 : pearson(x[a], x[b]);
        std::vector<std::size_t> all(k);
        for (std::size_t a = 0; a < k; ++a)
            all[a] = a;
        gc.alpha = enough ? alpha_of(gc.correlation, all) : nan;
        gc.pc1_share = nan;
        std::vector<double> loading;
        if (enough && k >= 2) {
            bool finite = true;
            for (const auto& row : gc.correlation)
                for (double v : row)
                    finite &= std::isfinite(v);
            if (finite) {
                const auto [ev, vec] = symmetric_eigen(gc.correlation);
                gc.pc1_share = ev.front() / static_cast<double>(k);
                loading = vec.front();
            }
        }
        // The goal's common direction: the sign of the first component's loadings summed.
        // An indicator loading against it moves against its stated direction. Without a
        // majority (two indicators correlating negatively) each is flagged by its item-rest r.
        double loading_sum = 0;
        for (double l : loading)
            loading_sum += l;
        const bool has_majority = !loading.empty() && std::abs(loading_sum) > 1e-9;
        for (std::size_t a = 0; a < k; ++a) {
            ConsistencyItem item;
            item.id = indicators[members[a]].id;
            item.item_rest = nan;
            item.alpha_without = nan;
            if (enough && k >= 2) {
                std::vector<double> rest(rows.size(), 0.0);
                for (std::size_t b = 0; b < k; ++b)
                    if (b != a)
                        for (std::size_t r = 0; r < rows.size(); ++r)
                            rest[r] += z[b][r];
                item.item_rest = pearson(x[a], rest);
                item.against_direction = has_majority ? loading[a] * loading_sum < -1e-12
                                                      : std::isfinite(item.item_rest) && item.item_rest < 0;
                if (k >= 3) {
                    std::vector<std::size_t> keep;
                    for (std::size_t b = 0; b < k; ++b)
                        if (b != a)
                            keep.push_back(b);
                    item.alpha_without = alpha_of(gc.correlation, keep);
                }
                for (std::size_t b = 0; b < k; ++b)
                    if (b != a && std::isfinite(gc.correlation[a][b]) && gc.correlation[a][b] >= duplicate_r) {
                        item.duplicates = indicators[members[b]].id;
                        break;
                    }
            }
            gc.items.push_back(std::move(item));
        }
        out.push_back(std::move(gc));
    }
    return out;
}

}  // namespace trygg::factors
