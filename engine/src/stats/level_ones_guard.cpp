// withhold_blocks_with_lines_of_ones (level_suppression.hpp): the model-B guard of the level plan.
#include <trygg/stats/joint_suppression.hpp>
#include <trygg/stats/level_suppression.hpp>

#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace trygg::stats {

namespace {

using Key = std::tuple<int, int, int, int, int>;  // district (-1: municipality), period, group, sex, age

std::map<Key, std::size_t> index_cells(const AggregateResult& r)
{
    std::map<Key, std::size_t> index;
    for (std::size_t k = 0; k < r.cells.size(); ++k) {
        const auto& c = r.cells[k];
        index.emplace(Key{c.district, c.period, c.group, c.sex, c.age}, k);
    }
    return index;
}

}  // namespace

void withhold_blocks_with_lines_of_ones(const std::vector<std::vector<const AggregateResult*>>& tables,
                                        const std::vector<std::vector<int>>& parents,
                                        const std::vector<std::vector<int>>& period_parents,
                                        std::vector<std::vector<std::vector<char>>>& masks)
{
    const std::size_t nl = tables.size(), nt = tables[0].size();
    const auto& finest = *tables[0][0];
    std::vector<std::vector<std::map<Key, std::size_t>>> index(nl);
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t t = 0; t < nt; ++t)
            index[l].push_back(index_cells(*tables[l][t]));
    const int np0 = static_cast<int>(finest.periods.size());
    auto pparent = [&](std::size_t t, int p) { return t == 0 ? p : period_parents[t - 1][static_cast<std::size_t>(p)]; };
    // up[t][u][P]: the period of length u >= t holding period P of length t; top: of the coarsest length.
    std::vector<std::vector<std::vector<int>>> up(nt, std::vector<std::vector<int>>(nt));
    for (std::size_t t = 0; t < nt; ++t)
        for (std::size_t u = t; u < nt; ++u) {
            up[t][u].assign(tables[0][t]->periods.size(), -1);
            for (int p = 0; p < np0; ++p)
                up[t][u][static_cast<std::size_t>(pparent(t, p))] = pparent(u, p);
        }
    auto top = [&](std::size_t t, int period) { return up[t][nt - 1][static_cast<std::size_t>(period)]; };
    std::set<std::pair<int, int>> unsafe;  // (coarsest period, group) blocks with a line of ones
    // One line: the withheld cells among `members` (cells of table (ml, mt)) against a published
    // total cell of table (l, t).
    auto check = [&](std::size_t l, std::size_t t, std::size_t total_cell, const std::vector<std::size_t>& members,
                     std::size_t ml, std::size_t mt, int period, int group) {
        if (masks[l][t][total_cell])
            return;  // no published total: no line
        const double total = tables[l][t]->true_counts[total_cell];
        if (!std::isfinite(total))
            return;  // a group not in the source: nothing counted
        double remainder = 0;
        std::size_t withheld = 0;
        for (auto k : members)
            if (masks[ml][mt][k]) {
                remainder += tables[ml][mt]->true_counts[k];
                ++withheld;
            }
        if (withheld && !withheld_line_is_safe(remainder, withheld, total))
            unsafe.insert({top(t, period), group});
    };
    const int ng = static_cast<int>(finest.groups.size());
    const int ns = static_cast<int>(finest.sex_labels.size()), na = static_cast<int>(finest.age_labels.size());
    for (std::size_t t = 0; t < nt; ++t)
        for (std::size_t l = 0; l < nl; ++l) {
            const auto& r = *tables[l][t];
            const auto& idx = index[l][t];
            const int nd = static_cast<int>(r.district_count);
            const int np = static_cast<int>(r.periods.size());
            for (int p = 0; p < np; ++p)
                for (int g = 0; g < ng; ++g)
                    for (int s = 0; s < ns; ++s)
                        for (int a = 0; a < na; ++a) {
                            auto total = idx.find({-1, p, g, s, a});
                            if (total == idx.end())
                                continue;
                            std::vector<std::size_t> members;
                            for (int d = 0; d < nd; ++d)
                                if (auto it = idx.find({d, p, g, s, a}); it != idx.end())
                                    members.push_back(it->second);
                            check(l, t, total->second, members, l, t, p, g);
                            if (l > 0) {
                                // The finest districts nested in each district of this level.
                                std::vector<std::vector<std::size_t>> nested(static_cast<std::size_t>(nd));
                                for (std::size_t d = 0; d < parents[l - 1].size(); ++d)
                                    if (auto it = index[0][t].find({static_cast<int>(d), p, g, s, a});
                                        it != index[0][t].end())
                                        nested[static_cast<std::size_t>(parents[l - 1][d])].push_back(it->second);
                                for (int d = 0; d < nd; ++d)
                                    if (auto it = idx.find({d, p, g, s, a}); it != idx.end())
                                        check(l, t, it->second, nested[static_cast<std::size_t>(d)], 0, t, p, g);
                            }
                            // Time lines: each finer length's periods inside this one, per district.
                            for (std::size_t u = 0; u < t; ++u) {
                                std::vector<int> parts;
                                for (std::size_t q = 0; q < up[u][t].size(); ++q)
                                    if (up[u][t][q] == p)
                                        parts.push_back(static_cast<int>(q));
                                for (int d = -1; d < nd; ++d) {
                                    auto it = idx.find({d, p, g, s, a});
                                    if (it == idx.end())
                                        continue;
                                    std::vector<std::size_t> inside;
                                    for (int q : parts)
                                        if (auto jt = index[l][u].find({d, q, g, s, a}); jt != index[l][u].end())
                                            inside.push_back(jt->second);
                                    check(l, t, it->second, inside, l, u, p, g);
                                }
                            }
                        }
        }
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t t = 0; t < nt; ++t)
            for (std::size_t k = 0; k < tables[l][t]->cells.size(); ++k) {
                const auto& c = tables[l][t]->cells[k];
                if (c.district >= 0 && unsafe.count({top(t, c.period), c.group}))
                    masks[l][t][k] = 1;
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
