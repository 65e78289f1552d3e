// SPDX-License-Identifier: MIT
// withhold_blocks_with_lines_of_ones (level_suppression.hpp): the pinned-value guard of the
// level plan, over the union of every additive relation the publication shows (issue 15).
//
// The cube plan protects each withheld cell against the attacker who reads "withheld" as ">= 0"
// (model A). A reader who takes "withheld" as ">= 1" (model B) can still pin values where the
// cubes' slack is used up by withheld ones and withheld zeros, and that may take a chain of lines
// of different kinds (a kommundel's sum, a district's sexes, an age band's districts). The guard
// therefore plays that reader: it writes down every line of every table (districts to the whole,
// sexes to "alla", age bands to "alla", finer districts to the coarser one holding them, shorter
// periods to the longer one holding them), propagates integer bounds through all of them in both
// models, and withholds the blocks where a value ends up pinned.
#include <trygg/stats/level_suppression.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>
#include <set>
#include <utility>

namespace trygg::stats {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// A line: total = sum of parts, as indices into the flattened cells of every table.
struct Line {
    std::size_t total;
    std::vector<std::size_t> parts;
};

class UnionFind {
public:
    explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
    std::size_t find(std::size_t x)
    {
        while (parent_[x] != x)
            x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

private:
    std::vector<std::size_t> parent_;
};

// Every cell of every table [level][length], flattened, with the lines between them.
struct Lattice {
    std::vector<std::vector<std::size_t>> offset;  // [l][t]: first flat index of table (l, t)
    std::vector<double> value;                      // true counts
    std::vector<char> withheld;
    std::vector<std::pair<int, int>> block;         // (coarsest period, group); group -1: no block
    std::vector<char> municipal;
    std::vector<Line> lines;
};

Lattice build_lattice(const std::vector<std::vector<const AggregateResult*>>& tables,
                      const std::vector<std::vector<int>>& parents, const std::vector<std::vector<int>>& period_parents,
                      const std::vector<std::vector<std::vector<char>>>& masks)
{
    const std::size_t nl = tables.size(), nt = tables[0].size();
    const auto& finest = *tables[0][0];
    const std::size_t ng = finest.groups.size(), ns = finest.sex_labels.size(), na = finest.age_labels.size();
    const std::size_t np0 = finest.periods.size();
    auto pparent = [&](std::size_t t, std::size_t p) {
        return t == 0 ? p : static_cast<std::size_t>(period_parents[t - 1][p]);
    };
    Lattice lat;
    lat.offset.assign(nl, std::vector<std::size_t>(nt, 0));
    std::size_t n = 0;
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t t = 0; t < nt; ++t) {
            lat.offset[l][t] = n;
            n += tables[l][t]->true_counts.size();
        }
    lat.value.resize(n);
    lat.withheld.resize(n);
    lat.block.resize(n);
    lat.municipal.resize(n);
    // top[t][P]: the coarsest period holding period P of length t.
    std::vector<std::vector<int>> top(nt);
    for (std::size_t t = 0; t < nt; ++t) {
        top[t].assign(tables[0][t]->periods.size(), -1);
        for (std::size_t p = 0; p < np0; ++p)
            top[t][pparent(t, p)] = static_cast<int>(pparent(nt - 1, p));
    }
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t t = 0; t < nt; ++t) {
            const auto& r = *tables[l][t];
            for (std::size_t k = 0; k < r.cells.size(); ++k) {
                const auto i = lat.offset[l][t] + k;
                lat.value[i] = r.true_counts[k];
                lat.withheld[i] = masks[l][t][k];
                lat.block[i] = {top[t][r.cells[k].period], r.cells[k].group};
                lat.municipal[i] = r.cells[k].district < 0;
            }
        }
    // inside[u][t][p]: the periods of length u (shorter than t) inside period p of length t.
    std::vector<std::vector<std::vector<std::vector<std::size_t>>>> inside(nt, std::vector<std::vector<std::vector<std::size_t>>>(nt));
    for (std::size_t u = 0; u < nt; ++u)
        for (std::size_t t = u + 1; t < nt; ++t) {
            inside[u][t].resize(tables[0][t]->periods.size());
            std::vector<char> seen(tables[0][u]->periods.size(), 0);
            for (std::size_t f = 0; f < np0; ++f)
                if (!seen[pparent(u, f)]) {
                    seen[pparent(u, f)] = 1;
                    inside[u][t][pparent(t, f)].push_back(pparent(u, f));
                }
        }
    auto at = [&](std::size_t l, std::size_t t, std::size_t d, std::size_t p, std::size_t g, std::size_t s,
                  std::size_t a) {
        const std::size_t np = tables[l][t]->periods.size();
        return lat.offset[l][t] + (((d * np + p) * ng + g) * ns + s) * na + a;
    };
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t t = 0; t < nt; ++t) {
            const auto& r = *tables[l][t];
            const std::size_t nd = r.district_count + 1, np = r.periods.size();
            for (std::size_t p = 0; p < np; ++p)
                for (std::size_t g = 0; g < ng; ++g) {
                    if (std::isnan(r.true_counts[at(l, t, nd - 1, p, g, 0, 0) - lat.offset[l][t]]))
                        continue;  // a group not in the source: nothing is counted, nothing published
                    for (std::size_t s = 0; s < ns; ++s)
                        for (std::size_t a = 0; a < na; ++a) {
                            // Districts to the whole.
                            Line line{at(l, t, nd - 1, p, g, s, a), {}};
                            for (std::size_t d = 0; d + 1 < nd; ++d)
                                line.parts.push_back(at(l, t, d, p, g, s, a));
                            lat.lines.push_back(std::move(line));
                            // Finer districts to the coarser one holding them; the whole is one cell.
                            if (l > 0) {
                                std::vector<Line> nested(nd - 1);
                                for (std::size_t d = 0; d + 1 < nd; ++d)
                                    nested[d].total = at(l, t, d, p, g, s, a);
                                for (std::size_t d = 0; d < parents[l - 1].size(); ++d)
                                    nested[static_cast<std::size_t>(parents[l - 1][d])].parts.push_back(
                                        at(0, t, d, p, g, s, a));
                                for (auto& e : nested)
                                    lat.lines.push_back(std::move(e));
                                lat.lines.push_back({at(l, t, nd - 1, p, g, s, a), {at(0, t, tables[0][t]->district_count, p, g, s, a)}});
                            }
                            // Shorter periods to the longer one holding them (each shorter length).
                            for (std::size_t u = 0; u < t; ++u)
                                for (std::size_t d = 0; d < nd; ++d) {
                                    Line time{at(l, t, d, p, g, s, a), {}};
                                    for (auto q : inside[u][t][p])
                                        time.parts.push_back(at(l, u, d, q, g, s, a));
                                    lat.lines.push_back(std::move(time));
                                }
                        }
                    // Within each district (and the whole): sexes to "alla", age bands to "alla".
                    for (std::size_t d = 0; d < nd; ++d) {
                        if (ns > 1)
                            for (std::size_t a = 0; a < na; ++a) {
                                Line line{at(l, t, d, p, g, 0, a), {}};
                                for (std::size_t s = 1; s < ns; ++s)
                                    line.parts.push_back(at(l, t, d, p, g, s, a));
                                lat.lines.push_back(std::move(line));
                            }
                        if (na > 1)
                            for (std::size_t s = 0; s < ns; ++s) {
                                Line line{at(l, t, d, p, g, s, 0), {}};
                                for (std::size_t a = 1; a < na; ++a)
                                    line.parts.push_back(at(l, t, d, p, g, s, a));
                                lat.lines.push_back(std::move(line));
                            }
                    }
                }
        }
    // Lines without a withheld cell tell the reader nothing new.
    std::erase_if(lat.lines, [&](const Line& line) {
        if (lat.withheld[line.total])
            return false;
        return std::none_of(line.parts.begin(), line.parts.end(), [&](std::size_t i) { return lat.withheld[i]; });
    });
    return lat;
}

// The blocks (coarsest period, group) holding a withheld value a reader of the published lines
// pins to one number, in model A (withheld >= 0) or B (withheld >= 1). Bounds are propagated
// line by line and rounded to integers (counts are whole numbers): a stronger reader than the
// linear programme of tests/attack on each line, though it does not combine lines as an LP can.
std::set<std::pair<int, int>> pinned_blocks(const Lattice& lat)
{
    const std::size_t n = lat.value.size();
    // Withheld cells under a published total of 0 are 0: nothing to protect (and in model B
    // they refute the reader's guess for every value sharing a line with them).
    std::vector<char> zero(n, 0);
    for (const auto& line : lat.lines)
        if (!lat.withheld[line.total] && lat.value[line.total] == 0)
            for (auto i : line.parts)
                zero[i] = lat.withheld[i];
    auto unknown = [&](std::size_t i) { return lat.withheld[i] && !zero[i]; };
    UnionFind components(n);
    std::vector<std::vector<std::size_t>> lines_of(n);
    for (std::size_t li = 0; li < lat.lines.size(); ++li) {
        const auto& line = lat.lines[li];
        std::size_t first = n;
        auto visit = [&](std::size_t i) {
            lines_of[i].push_back(li);
            if (!unknown(i))
                return;
            if (first == n)
                first = i;
            else
                components.unite(first, i);
        };
        visit(line.total);
        for (auto i : line.parts)
            visit(i);
    }
    std::set<std::pair<int, int>> unsafe;
    for (const double lower : {0.0, 1.0}) {
        std::vector<double> lo(n), hi(n);
        for (std::size_t i = 0; i < n; ++i) {
            const bool u = unknown(i);
            lo[i] = u ? lower : zero[i] ? 0.0 : lat.value[i];
            hi[i] = u ? inf : lo[i];
        }
        std::vector<char> refuted(n, 0);  // per component root, model B only
        if (lower > 0)
            for (const auto& line : lat.lines) {
                bool touches_zero = zero[line.total];
                for (auto i : line.parts)
                    touches_zero = touches_zero || zero[i];
                if (!touches_zero)
                    continue;
                if (unknown(line.total))
                    refuted[components.find(line.total)] = 1;
                for (auto i : line.parts)
                    if (unknown(i))
                        refuted[components.find(i)] = 1;
            }
        std::deque<std::size_t> queue;
        std::vector<char> queued(lat.lines.size(), 1);
        for (std::size_t li = 0; li < lat.lines.size(); ++li)
            queue.push_back(li);
        auto tighten = [&](std::size_t i, double new_lo, double new_hi) {
            new_lo = std::ceil(new_lo - 1e-9);
            new_hi = std::floor(new_hi + 1e-9);
            if (new_lo <= lo[i] && new_hi >= hi[i])
                return;
            lo[i] = std::max(lo[i], new_lo);
            hi[i] = std::min(hi[i], new_hi);
            if (lo[i] > hi[i]) {
                refuted[components.find(i)] = 1;  // infeasible: the reader's guess is refuted
                hi[i] = lo[i];
            }
            for (auto li : lines_of[i])
                if (!queued[li]) {
                    queued[li] = 1;
                    queue.push_back(li);
                }
        };
        // Each round of a line can only narrow integer bounds; a generous cap stops slow cycles.
        std::size_t budget = 64 * lat.lines.size() + 1024;
        while (!queue.empty() && budget--) {
            const auto li = queue.front();
            queue.pop_front();
            queued[li] = 0;
            const auto& line = lat.lines[li];
            // total - sum(parts) = 0
            double sum_lo = 0, sum_hi = 0;
            std::size_t inf_hi = 0;
            for (auto i : line.parts) {
                sum_lo += lo[i];
                if (std::isinf(hi[i]))
                    ++inf_hi;
                else
                    sum_hi += hi[i];
            }
            tighten(line.total, sum_lo, inf_hi ? inf : sum_hi);
            for (auto i : line.parts) {
                const double others_lo = sum_lo - lo[i];
                const double others_hi = std::isinf(hi[i]) ? (inf_hi > 1 ? inf : sum_hi) : (inf_hi ? inf : sum_hi - hi[i]);
                tighten(i, lo[line.total] - others_hi, hi[line.total] - others_lo);
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            if (unknown(i) && !refuted[components.find(i)] && hi[i] - lo[i] < 0.5 && lat.block[i].second >= 0)
                unsafe.insert(lat.block[i]);
    }
    return unsafe;
}

}  // namespace

void withhold_blocks_with_lines_of_ones(const std::vector<std::vector<const AggregateResult*>>& tables,
                                        const std::vector<std::vector<int>>& parents,
                                        const std::vector<std::vector<int>>& period_parents,
                                        std::vector<std::vector<std::vector<char>>>& masks)
{
    const std::size_t nl = tables.size(), nt = tables[0].size();
    // Round 1 withholds the district cells of an unsafe block (the municipal cells stay); a block
    // still unsafe after that (rare: tiny tables) goes whole, municipal cells included.
    for (int round = 0; round < 2; ++round) {
        const auto lat = build_lattice(tables, parents, period_parents, masks);
        const auto unsafe = pinned_blocks(lat);
        if (unsafe.empty())
            return;
        for (std::size_t l = 0; l < nl; ++l)
            for (std::size_t t = 0; t < nt; ++t)
                for (std::size_t k = 0; k < tables[l][t]->cells.size(); ++k) {
                    const auto i = lat.offset[l][t] + k;
                    if ((round > 0 || !lat.municipal[i]) && unsafe.count(lat.block[i]))
                        masks[l][t][k] = 1;
                }
    }
}

void withhold_blocks_with_lines_of_ones(const AggregateResult& finest, const std::vector<const AggregateResult*>& levels,
                                        const std::vector<std::vector<int>>& parents,
                                        std::vector<std::vector<char>>& masks)
{
    std::vector<std::vector<const AggregateResult*>> tables{{&finest}};
    for (const auto* level : levels)
        tables.push_back({level});
    std::vector<std::vector<std::vector<char>>> grid;
    for (auto& m : masks)
        grid.push_back({std::move(m)});
    withhold_blocks_with_lines_of_ones(tables, parents, {}, grid);
    for (std::size_t l = 0; l < masks.size(); ++l)
        masks[l] = std::move(grid[l][0]);
}

}  // namespace trygg::stats
