#include <trygg/factors/index_uncertainty.hpp>

#include <trygg/core/error.hpp>
#include <trygg/stats/permutation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace trygg::factors {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr int normalisation_levels = 3;  // z-score, min-max, percentile
constexpr int weight_bins = 4;

// Directed (higher = more risk) normalised values of one indicator under one normalisation.
std::vector<double> directed_values(const std::vector<double>& raw, Direction dir, int method)
{
    std::vector<double> v;
    if (method == 0) {
        v = normalise(raw, Normalisation::z_score);
        if (dir == Direction::protective)
            for (auto& x : v)
                x = -x;
        return v;
    }
    if (method == 2)
        v = normalise(raw, Normalisation::percentile);
    else {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double x : raw)
            if (std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        v.assign(raw.size(), nan);
        for (std::size_t d = 0; d < raw.size(); ++d)
            if (std::isfinite(raw[d]))
                v[d] = hi > lo ? 100.0 * (raw[d] - lo) / (hi - lo) : 50.0;
    }
    if (dir == Direction::protective)
        for (auto& x : v)
            x = 100.0 - x;
    return v;
}

// log of the directed values rescaled to 1-100 (the geometric mean's terms).
std::vector<double> log_positive(const std::vector<double>& v)
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double x : v)
        if (std::isfinite(x)) {
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
    std::vector<double> out(v.size(), nan);
    for (std::size_t d = 0; d < v.size(); ++d)
        if (std::isfinite(v[d]))
            out[d] = std::log(hi > lo ? 1.0 + 99.0 * (v[d] - lo) / (hi - lo) : 50.0);
    return out;
}

double mean_finite(const std::vector<double>& v)
{
    double s = 0;
    int n = 0;
    for (double x : v)
        if (std::isfinite(x)) {
            s += x;
            ++n;
        }
    return n ? s / n : nan;
}

// Competition ranks, 1 = highest; 0 where the score is NaN.
void rank_into(const std::vector<double>& score, std::vector<std::size_t>& order, int* rank)
{
    order.clear();
    for (std::size_t d = 0; d < score.size(); ++d) {
        rank[d] = 0;
        if (std::isfinite(score[d]))
            order.push_back(d);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return score[a] > score[b] || (score[a] == score[b] && a < b);
    });
    for (std::size_t k = 0; k < order.size(); ++k)
        rank[order[k]] = (k > 0 && score[order[k]] == score[order[k - 1]]) ? rank[order[k - 1]] : static_cast<int>(k + 1);
}

// One draw's choices.
struct Draw {
    int normalisation = 0, aggregation = 0, missing = 0, reallocation = 0;
    std::vector<double> weight;  // per indicator
    std::vector<int> weight_bin;
};

}  // namespace

int quartile_class(int rank, int ranked)
{
    if (rank <= 0 || ranked <= 0)
        return 0;
    return std::min(4, 1 + (4 * (rank - 1)) / ranked);
}

IndexUncertainty index_uncertainty(const std::vector<UncertainIndicator>& indicators, std::size_t n,
                                   const UncertaintyOptions& options)
{
    const auto k = indicators.size();
    const int draws = std::max(1, options.draws);
    bool any_alternative = false;
    for (const auto& ind : indicators) {
        if (ind.raw.size() != n || (!ind.raw_alternative.empty() && ind.raw_alternative.size() != n))
            throw core::DataError("index uncertainty: indicator '" + ind.id + "' has " +
                                  std::to_string(ind.raw.size()) + " values for " + std::to_string(n) + " districts");
        any_alternative |= !ind.raw_alternative.empty();
    }

    // Everything that does not depend on the weights, computed once: [indicator][alt][method].
    struct Prepared {
        std::array<std::array<std::vector<double>, normalisation_levels>, 2> arith, geo;
        std::array<std::array<double, normalisation_levels>, 2> arith_mean{}, geo_mean{};
    };
    std::vector<Prepared> prep(k);
    stats::detail::parallel_blocks(k, options.threads, [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i)
            for (int a = 0; a < 2; ++a) {
                const auto& raw = a == 1 && !indicators[i].raw_alternative.empty() ? indicators[i].raw_alternative
                                                                                   : indicators[i].raw;
                for (int m = 0; m < normalisation_levels; ++m) {
                    prep[i].arith[a][m] = directed_values(raw, indicators[i].direction, m);
                    prep[i].geo[a][m] = log_positive(prep[i].arith[a][m]);
                    prep[i].arith_mean[a][m] = mean_finite(prep[i].arith[a][m]);
                    prep[i].geo_mean[a][m] = mean_finite(prep[i].geo[a][m]);
                }
            }
    });

    // The draws' choices, each keyed on (seed, draw).
    std::vector<Draw> plan(static_cast<std::size_t>(draws));
    for (int r = 0; r < draws; ++r) {
        stats::SplitMix64 g(stats::stream_key(options.seed, static_cast<std::uint64_t>(r)));
        auto& d = plan[static_cast<std::size_t>(r)];
        d.normalisation = static_cast<int>(g.below(normalisation_levels));
        d.aggregation = static_cast<int>(g.below(2));
        d.missing = static_cast<int>(g.below(2));
        d.reallocation = static_cast<int>(g.below(2));
        d.weight.resize(k);
        d.weight_bin.resize(k);
        for (std::size_t i = 0; i < k; ++i) {
            const double u = static_cast<double>(g.next() >> 11) * 0x1.0p-53;
            const auto& ind = indicators[i];
            d.weight[i] = ind.weight_min + u * (ind.weight_max - ind.weight_min);
            d.weight_bin[i] = std::min(weight_bins - 1, static_cast<int>(u * weight_bins));
        }
    }

    IndexUncertainty out;
    out.draws = draws;
    std::vector<int> ranks(static_cast<std::size_t>(draws) * n);
    for (int goal = 0; goal < goal_count; ++goal) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < k; ++i)
            if (indicators[i].goal == goal + 1)
                members.push_back(i);
        auto& gu = out.goal[goal];
        if (members.empty())
            continue;
        gu.present = true;

        // Each draw: the goal's score per district, then its ranks.
        stats::detail::parallel_blocks(static_cast<std::size_t>(draws), options.threads,
                                       [&](std::size_t b, std::size_t e) {
            std::vector<double> num(n), wsum(n), score(n);
            std::vector<std::size_t> order;
            order.reserve(n);
            for (std::size_t r = b; r < e; ++r) {
                const auto& dr = plan[r];
                std::fill(num.begin(), num.end(), 0.0);
                std::fill(wsum.begin(), wsum.end(), 0.0);
                double total_w = 0;
                for (auto i : members) {
                    const double w = dr.weight[i];
                    total_w += w;
                    const int a = dr.reallocation == 1 && !indicators[i].raw_alternative.empty() ? 1 : 0;
                    const auto& p = prep[i];
                    const auto& v = dr.aggregation == 0 ? p.arith[a][dr.normalisation] : p.geo[a][dr.normalisation];
                    const double fill = dr.aggregation == 0 ? p.arith_mean[a][dr.normalisation]
                                                            : p.geo_mean[a][dr.normalisation];
                    for (std::size_t d = 0; d < n; ++d) {
                        if (std::isfinite(v[d])) {
                            num[d] += w * v[d];
                            wsum[d] += w;
                        } else if (dr.missing == 1 && std::isfinite(fill)) {
                            num[d] += w * fill;  // imputed: counts towards the score, not the threshold
                        }
                    }
                }
                for (std::size_t d = 0; d < n; ++d) {
                    const bool enough = wsum[d] > 0 && wsum[d] >= options.min_weight_share * total_w - 1e-12;
                    const double denom = dr.missing == 1 ? total_w : wsum[d];
                    score[d] = enough && denom > 0 ? num[d] / denom : nan;
                }
                rank_into(score, order, ranks.data() + r * n);
            }
        });

        // Per district: the percentiles of its ranks over the draws where it is ranked.
        gu.median.assign(n, 0);
        gu.p05.assign(n, 0);
        gu.p95.assign(n, 0);
        gu.unstable.assign(n, 0);
        std::vector<double> mean_rank(n, nan), var_rank(n, 0.0);
        stats::detail::parallel_blocks(n, options.threads, [&](std::size_t b, std::size_t e) {
            std::vector<int> mine;
            mine.reserve(static_cast<std::size_t>(draws));
            for (std::size_t d = b; d < e; ++d) {
                mine.clear();
                for (int r = 0; r < draws; ++r)
                    if (const int x = ranks[static_cast<std::size_t>(r) * n + d]; x > 0)
                        mine.push_back(x);
                if (mine.empty())
                    continue;
                std::sort(mine.begin(), mine.end());
                const auto m = mine.size();
                auto at = [&](double q) {
                    const auto idx = static_cast<std::size_t>(std::ceil(q * static_cast<double>(m)));
                    return mine[std::min(m - 1, idx > 0 ? idx - 1 : 0)];
                };
                gu.p05[d] = at(0.05);
                gu.median[d] = at(0.5);
                gu.p95[d] = at(0.95);
                double s = 0;
                for (int x : mine)
                    s += x;
                mean_rank[d] = s / static_cast<double>(m);
                double ss = 0;
                for (int x : mine)
                    ss += (x - mean_rank[d]) * (x - mean_rank[d]);
                var_rank[d] = ss / static_cast<double>(m);
            }
        });
        gu.ranked = static_cast<int>(std::count_if(gu.median.begin(), gu.median.end(), [](int x) { return x > 0; }));
        for (std::size_t d = 0; d < n; ++d)
            gu.unstable[d] = gu.median[d] > 0 &&
                             quartile_class(gu.p05[d], gu.ranked) != quartile_class(gu.p95[d], gu.ranked);

        // First-order sensitivity: variance of the conditional mean rank by each choice's levels.
        struct Choice {
            std::string name;
            int levels;
            std::vector<int> level;  // per draw
        };
        std::vector<Choice> choices;
        auto add = [&](std::string name, int levels, auto level_of) {
            Choice c{std::move(name), levels, std::vector<int>(static_cast<std::size_t>(draws))};
            for (int r = 0; r < draws; ++r)
                c.level[static_cast<std::size_t>(r)] = level_of(plan[static_cast<std::size_t>(r)]);
            choices.push_back(std::move(c));
        };
        add("normalisering", normalisation_levels, [](const Draw& d) { return d.normalisation; });
        for (auto i : members)
            if (indicators[i].weight_max > indicators[i].weight_min)
                add("vikt:" + indicators[i].id, weight_bins, [i](const Draw& d) { return d.weight_bin[i]; });
        add("aggregering", 2, [](const Draw& d) { return d.aggregation; });
        add("saknade_varden", 2, [](const Draw& d) { return d.missing; });
        const bool goal_has_alternative = std::any_of(members.begin(), members.end(), [&](std::size_t i) {
            return !indicators[i].raw_alternative.empty();
        });
        if (any_alternative && goal_has_alternative)
            add("omfordelning", 2, [](const Draw& d) { return d.reallocation; });
        double total_var = 0;
        for (std::size_t d = 0; d < n; ++d)
            total_var += var_rank[d];
        gu.sensitivity.resize(choices.size());
        stats::detail::parallel_blocks(choices.size(), options.threads, [&](std::size_t b, std::size_t e) {
            for (std::size_t c = b; c < e; ++c) {
                const auto& ch = choices[c];
                double explained = 0;
                std::vector<double> sum(static_cast<std::size_t>(ch.levels));
                std::vector<int> cnt(static_cast<std::size_t>(ch.levels));
                for (std::size_t d = 0; d < n; ++d) {
                    if (!std::isfinite(mean_rank[d]))
                        continue;
                    std::fill(sum.begin(), sum.end(), 0.0);
                    std::fill(cnt.begin(), cnt.end(), 0);
                    int m = 0;
                    for (int r = 0; r < draws; ++r)
                        if (const int x = ranks[static_cast<std::size_t>(r) * n + d]; x > 0) {
                            sum[static_cast<std::size_t>(ch.level[static_cast<std::size_t>(r)])] += x;
                            ++cnt[static_cast<std::size_t>(ch.level[static_cast<std::size_t>(r)])];
                            ++m;
                        }
                    for (int l = 0; l < ch.levels; ++l)
                        if (cnt[static_cast<std::size_t>(l)] > 0) {
                            const double dev = sum[static_cast<std::size_t>(l)] / cnt[static_cast<std::size_t>(l)] -
                                               mean_rank[d];
                            explained += cnt[static_cast<std::size_t>(l)] * dev * dev / m;
                        }
                }
                gu.sensitivity[c] = {ch.name, ch.levels, total_var > 0 ? explained / total_var : 0.0};
            }
        });
    }
    return out;
}

}  // namespace trygg::factors
