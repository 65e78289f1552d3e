// SPDX-License-Identifier: MIT
#include <trygg/factors/goal_index.hpp>

#include <trygg/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace trygg::factors {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// 1 = highest value among the districts `among` with a finite value; ties share the better
// rank (competition ranking); 0 for the others.
std::vector<int> competition_rank(const std::vector<double>& value, const std::vector<char>& among)
{
    std::vector<int> rank(value.size(), 0);
    std::vector<std::size_t> order;
    for (std::size_t d = 0; d < value.size(); ++d)
        if (among[d] && std::isfinite(value[d]))
            order.push_back(d);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
    for (std::size_t k = 0; k < order.size(); ++k)
        rank[order[k]] = (k > 0 && value[order[k]] == value[order[k - 1]]) ? rank[order[k - 1]] : static_cast<int>(k + 1);
    return rank;
}
}  // namespace

Normalisation parse_normalisation(const std::string& name)
{
    if (name == "z" || name == "z_score" || name == "zscore")
        return Normalisation::z_score;
    if (name == "percentile" || name == "percentil")
        return Normalisation::percentile;
    throw core::PipelineError("\"normalisation\" must be 'z_score' or 'percentile', not '" + name + "'");
}

std::vector<double> normalise(const std::vector<double>& raw, Normalisation method)
{
    std::vector<double> out(raw.size(), nan);
    std::vector<std::size_t> have;
    for (std::size_t i = 0; i < raw.size(); ++i)
        if (std::isfinite(raw[i]))
            have.push_back(i);
    const auto n = have.size();
    if (n == 0)
        return out;
    if (method == Normalisation::z_score) {
        double sum = 0;
        for (auto i : have)
            sum += raw[i];
        const double mean = sum / static_cast<double>(n);
        double ss = 0;
        for (auto i : have)
            ss += (raw[i] - mean) * (raw[i] - mean);
        const double sd = std::sqrt(ss / static_cast<double>(n));
        for (auto i : have)
            out[i] = sd > 0 ? (raw[i] - mean) / sd : 0.0;
        return out;
    }
    if (n == 1) {
        out[have[0]] = 50.0;
        return out;
    }
    std::sort(have.begin(), have.end(), [&](std::size_t a, std::size_t b) { return raw[a] < raw[b]; });
    for (std::size_t k = 0; k < n;) {
        std::size_t e = k;
        while (e + 1 < n && raw[have[e + 1]] == raw[have[k]])
            ++e;
        const double r = (static_cast<double>(k + e) / 2.0);  // 0-based average rank
        for (std::size_t j = k; j <= e; ++j)
            out[have[j]] = 100.0 * r / static_cast<double>(n - 1);
        k = e + 1;
    }
    return out;
}

double directed(double normalised, Direction direction, Normalisation method)
{
    if (direction == Direction::risk)
        return normalised;
    return method == Normalisation::z_score ? -normalised : 100.0 - normalised;
}

GoalIndex goal_index(const std::vector<IndicatorValues>& indicators, std::size_t districts,
                     const GoalIndexOptions& options)
{
    GoalIndex out;
    out.normalised.reserve(indicators.size());
    out.directed.reserve(indicators.size());
    std::array<double, goal_count> goal_weight{};
    std::array<std::vector<double>, goal_count> wsum, wval;
    for (int g = 0; g < goal_count; ++g) {
        out.score[g].assign(districts, nan);
        out.available[g].assign(districts, 0);
        out.rank[g].assign(districts, 0);
        wsum[g].assign(districts, 0.0);
        wval[g].assign(districts, 0.0);
    }
    for (const auto& ind : indicators) {
        if (ind.raw.size() != districts)
            throw core::DataError("goal index: an indicator has " + std::to_string(ind.raw.size()) +
                                  " values for " + std::to_string(districts) + " districts");
        const int g = ind.goal - 1;
        auto norm = normalise(ind.raw, options.normalisation);
        std::vector<double> dir(districts, nan);
        for (std::size_t d = 0; d < districts; ++d)
            dir[d] = directed(norm[d], ind.direction, options.normalisation);
        if (g >= 0 && g < goal_count) {
            goal_weight[g] += ind.weight;
            ++out.indicator_count[g];
            for (std::size_t d = 0; d < districts; ++d)
                if (std::isfinite(dir[d])) {
                    wsum[g][d] += ind.weight;
                    wval[g][d] += ind.weight * dir[d];
                    ++out.available[g][d];
                }
        }
        out.normalised.push_back(std::move(norm));
        out.directed.push_back(std::move(dir));
    }
    out.overall.assign(districts, nan);
    std::vector<double> osum(districts, 0.0);
    std::vector<int> ocount(districts, 0);
    for (int g = 0; g < goal_count; ++g) {
        if (out.indicator_count[g] == 0)
            continue;
        for (std::size_t d = 0; d < districts; ++d) {
            const bool enough = goal_weight[g] > 0 ? wsum[g][d] >= options.min_weight_share * goal_weight[g] - 1e-12
                                                   : out.available[g][d] > 0;
            if (out.available[g][d] > 0 && enough && wsum[g][d] > 0) {
                out.score[g][d] = wval[g][d] / wsum[g][d];
                osum[d] += out.score[g][d];
                ++ocount[d];
            }
        }
        out.rank[g] = competition_rank(out.score[g], std::vector<char>(districts, 1));
    }
    out.goals_scored = ocount;
    std::vector<char> complete(districts, 0);
    for (std::size_t d = 0; d < districts; ++d) {
        if (ocount[d] > 0)
            out.overall[d] = osum[d] / ocount[d];
        complete[d] = ocount[d] == out.goals_in_run();
    }
    out.overall_rank = competition_rank(out.overall, complete);
    return out;
}

int GoalIndex::goals_in_run() const
{
    return static_cast<int>(std::count_if(indicator_count.begin(), indicator_count.end(), [](int c) { return c > 0; }));
}

}  // namespace trygg::factors
