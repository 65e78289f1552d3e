// SPDX-License-Identifier: MIT
#include <trygg/factors/index_uncertainty.hpp>

#include <trygg/core/error.hpp>
#include <trygg/stats/permutation.hpp>

#include <algorithm>
#include <array>
#include <cstring>
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

// Competition ranks, 1 = highest; 0 where the score is NaN. An LSD radix sort of the scores'
// order-preserving 64-bit keys (8 passes of 8 bits): a draw ranks 6,000 districts several
// times faster than a comparison sort, and equal scores get equal keys (so share a rank).
struct RankScratch {
    std::vector<std::uint64_t> key, key2;
    std::vector<std::uint32_t> idx, idx2;
};

void rank_into(const std::vector<double>& score, RankScratch& s, int* rank)
{
    s.key.clear();
    s.idx.clear();
    for (std::size_t d = 0; d < score.size(); ++d) {
        rank[d] = 0;
        if (!std::isfinite(score[d]))
            continue;
        const double x = score[d] == 0 ? 0.0 : -score[d];  // descending; -0 and +0 tie
        std::uint64_t u;
        std::memcpy(&u, &x, sizeof u);
        s.key.push_back((u >> 63) ? ~u : (u | (std::uint64_t{1} << 63)));
        s.idx.push_back(static_cast<std::uint32_t>(d));
    }
    const auto m = s.key.size();
    s.key2.resize(m);
    s.idx2.resize(m);
    for (int shift = 0; shift < 64; shift += 8) {
        std::array<std::size_t, 257> count{};
        for (auto k : s.key)
            ++count[((k >> shift) & 0xFF) + 1];
        if (count[((s.key.empty() ? 0 : (s.key[0] >> shift) & 0xFF)) + 1] == m)
            continue;  // every key has this digit
        for (int b = 0; b < 256; ++b)
            count[b + 1] += count[b];
        for (std::size_t i = 0; i < m; ++i) {
            const auto pos = count[(s.key[i] >> shift) & 0xFF]++;
            s.key2[pos] = s.key[i];
            s.idx2[pos] = s.idx[i];
        }
        s.key.swap(s.key2);
        s.idx.swap(s.idx2);
    }
    for (std::size_t k = 0; k < m; ++k)
        rank[s.idx[k]] = (k > 0 && s.key[k] == s.key[k - 1]) ? rank[s.idx[k - 1]] : static_cast<int>(k + 1);
}

// One draw's choices.
struct Draw {
    int normalisation = 0, aggregation = 0, missing = 0, reallocation = 0;
    std::vector<double> weight;  // per indicator
    std::vector<int> weight_bin;
};

// Per district: the median and 5th/95th percentile ranks over the draws where it is ranked, the
// unstable flag, and the first-order sensitivity to the choices that touch `members` (the
// indicators behind the ranking). `ranks` is [draw][district].
void summarise_ranks(const std::vector<int>& ranks, int draws, std::size_t n, const std::vector<std::size_t>& members,
                     bool any_alternative, const std::vector<UncertainIndicator>& indicators,
                     const std::vector<Draw>& plan, unsigned threads, GoalUncertainty& gu)
{
    // The ranks by district ([district][draw]), so that each district's draws are contiguous.
    std::vector<int> by_district(ranks.size());
    constexpr std::size_t block = 64;
    stats::detail::parallel_blocks((n + block - 1) / block, threads, [&](std::size_t b, std::size_t e) {
        for (std::size_t db = b * block; db < std::min(n, e * block); db += block)
            for (std::size_t r = 0; r < static_cast<std::size_t>(draws); ++r)
                for (std::size_t d = db; d < std::min(n, db + block); ++d)
                    by_district[d * static_cast<std::size_t>(draws) + r] = ranks[r * n + d];
    });

    // The choices whose first-order effect is measured, with each draw's level.
    struct Choice {
        std::string name;
        int levels;
    };
    std::vector<Choice> choices;
    std::vector<std::vector<int>> level_of;  // [choice][draw]
    auto add = [&](std::string name, int levels, auto level) {
        choices.push_back({std::move(name), levels});
        std::vector<int> lv(static_cast<std::size_t>(draws));
        for (int r = 0; r < draws; ++r)
            lv[static_cast<std::size_t>(r)] = level(plan[static_cast<std::size_t>(r)]);
        level_of.push_back(std::move(lv));
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
    const auto nc = choices.size();
    // Level slots per draw: offset of each choice's levels in one flat array.
    std::vector<int> offset(nc + 1, 0);
    for (std::size_t c = 0; c < nc; ++c)
        offset[c + 1] = offset[c] + choices[c].levels;
    std::vector<int> slot(static_cast<std::size_t>(draws) * nc);  // [draw][choice] -> flat level slot
    for (int r = 0; r < draws; ++r)
        for (std::size_t c = 0; c < nc; ++c)
            slot[static_cast<std::size_t>(r) * nc + c] = offset[c] + level_of[c][static_cast<std::size_t>(r)];

    // Per district: the percentiles of its ranks over the draws where it is ranked, and
    // its rank variance and the variance of its conditional mean rank per choice.
    gu.median.assign(n, 0);
    gu.p05.assign(n, 0);
    gu.p95.assign(n, 0);
    gu.unstable.assign(n, 0);
    std::vector<double> var_rank(n, 0.0), explained(n * nc, 0.0);
    stats::detail::parallel_blocks(n, threads, [&](std::size_t b, std::size_t e) {
        std::vector<int> mine;
        mine.reserve(static_cast<std::size_t>(draws));
        std::vector<double> sum(static_cast<std::size_t>(offset[nc]));
        std::vector<int> cnt(static_cast<std::size_t>(offset[nc]));
        for (std::size_t d = b; d < e; ++d) {
            const int* row = by_district.data() + d * static_cast<std::size_t>(draws);
            mine.clear();
            std::fill(sum.begin(), sum.end(), 0.0);
            std::fill(cnt.begin(), cnt.end(), 0);
            double total = 0;
            for (int r = 0; r < draws; ++r) {
                const int x = row[r];
                if (x <= 0)
                    continue;
                mine.push_back(x);
                total += x;
                const int* sl = slot.data() + static_cast<std::size_t>(r) * nc;
                for (std::size_t c = 0; c < nc; ++c) {
                    sum[static_cast<std::size_t>(sl[c])] += x;
                    ++cnt[static_cast<std::size_t>(sl[c])];
                }
            }
            if (mine.empty())
                continue;
            const auto m = mine.size();
            const double mean = total / static_cast<double>(m);
            double ss = 0;
            for (int x : mine)
                ss += (x - mean) * (x - mean);
            var_rank[d] = ss / static_cast<double>(m);
            for (std::size_t c = 0; c < nc; ++c) {
                double v = 0;
                for (int l = offset[c]; l < offset[c + 1]; ++l)
                    if (cnt[static_cast<std::size_t>(l)] > 0) {
                        const double dev = sum[static_cast<std::size_t>(l)] / cnt[static_cast<std::size_t>(l)] - mean;
                        v += cnt[static_cast<std::size_t>(l)] * dev * dev;
                    }
                explained[d * nc + c] = v / static_cast<double>(m);
            }
            // Nearest-rank percentiles; three selections give what a full sort would.
            auto pos = [&](double q) {
                const auto idx = static_cast<std::size_t>(std::ceil(q * static_cast<double>(m)));
                return std::min(m - 1, idx > 0 ? idx - 1 : 0);
            };
            const auto i05 = pos(0.05), i50 = pos(0.5), i95 = pos(0.95);
            std::nth_element(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(i50), mine.end());
            std::nth_element(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(i05),
                             mine.begin() + static_cast<std::ptrdiff_t>(i50));
            if (i95 > i50)
                std::nth_element(mine.begin() + static_cast<std::ptrdiff_t>(i50 + 1),
                                 mine.begin() + static_cast<std::ptrdiff_t>(i95), mine.end());
            gu.p05[d] = mine[i05];
            gu.median[d] = mine[i50];
            gu.p95[d] = mine[i95];
        }
    });
    gu.ranked = static_cast<int>(std::count_if(gu.median.begin(), gu.median.end(), [](int x) { return x > 0; }));
    for (std::size_t d = 0; d < n; ++d)
        gu.unstable[d] = gu.median[d] > 0 &&
                         quartile_class(gu.p05[d], gu.ranked) != quartile_class(gu.p95[d], gu.ranked);

    // First-order sensitivity: summed over the districts in index order.
    double total_var = 0;
    for (std::size_t d = 0; d < n; ++d)
        total_var += var_rank[d];
    for (std::size_t c = 0; c < nc; ++c) {
        double v = 0;
        for (std::size_t d = 0; d < n; ++d)
            v += explained[d * nc + c];
        gu.sensitivity.push_back({choices[c].name, choices[c].levels, total_var > 0 ? v / total_var : 0.0});
    }
}

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
    const auto cells = static_cast<std::size_t>(draws) * n;
    std::vector<int> ranks(cells);
    // risk_total per draw: the sum and number of the goal scores each district has, added goal
    // by goal in goal order (each draw's cells are written by one thread only).
    std::vector<double> overall_sum(cells, 0.0);
    std::vector<std::uint8_t> overall_goals(cells, 0);
    std::vector<std::size_t> every_member;
    int goals_present = 0;
    for (int goal = 0; goal < goal_count; ++goal) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < k; ++i)
            if (indicators[i].goal == goal + 1)
                members.push_back(i);
        auto& gu = out.goal[goal];
        if (members.empty())
            continue;
        gu.present = true;
        ++goals_present;
        every_member.insert(every_member.end(), members.begin(), members.end());

        // Each draw: the goal's score per district, then its ranks.
        stats::detail::parallel_blocks(static_cast<std::size_t>(draws), options.threads,
                                       [&](std::size_t b, std::size_t e) {
            std::vector<double> num(n), wsum(n), score(n);
            RankScratch order;
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
                double* osum = overall_sum.data() + r * n;
                std::uint8_t* ogoals = overall_goals.data() + r * n;
                for (std::size_t d = 0; d < n; ++d) {
                    const bool enough = wsum[d] > 0 && wsum[d] >= options.min_weight_share * total_w - 1e-12;
                    const double denom = dr.missing == 1 ? total_w : wsum[d];
                    score[d] = enough && denom > 0 ? num[d] / denom : nan;
                    if (std::isfinite(score[d])) {
                        osum[d] += score[d];
                        ++ogoals[d];
                    }
                }
                rank_into(score, order, ranks.data() + r * n);
            }
        });
        summarise_ranks(ranks, draws, n, members, any_alternative, indicators, plan, options.threads, gu);
    }
    if (goals_present == 0)
        return out;

    // risk_total per draw, as factors::goal_index builds it: the mean of the goal scores, ranked
    // only among the districts with a score for every goal of the run in that draw. Every goal
    // of a draw uses the draw's normalisation and aggregation, so the means are comparable.
    stats::detail::parallel_blocks(static_cast<std::size_t>(draws), options.threads, [&](std::size_t b, std::size_t e) {
        std::vector<double> score(n);
        RankScratch order;
        for (std::size_t r = b; r < e; ++r) {
            for (std::size_t d = 0; d < n; ++d)
                score[d] = overall_goals[r * n + d] == goals_present ? overall_sum[r * n + d] / goals_present : nan;
            rank_into(score, order, ranks.data() + r * n);
        }
    });
    std::sort(every_member.begin(), every_member.end());
    out.overall.present = true;
    summarise_ranks(ranks, draws, n, every_member, any_alternative, indicators, plan, options.threads, out.overall);
    return out;
}

}  // namespace trygg::factors
