// SPDX-License-Identifier: MIT
// The joint suppression plan over reporting levels (level_suppression.hpp: plan_levels).
#include <trygg/stats/level_suppression.hpp>

#include "secondary_cell_charge.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace trygg::stats {

namespace {

// A corner of a perturbation: a finest-level cell (district d, finest period p, sex s, age a) of
// one crime group (d == municipality: the municipality) and its sign.
struct Corner {
    std::size_t d, p, s, a;
    int sign;
};
// 8 corners (district × sex × age), or 16 when the cube also spans two finest periods.
struct Cube {
    std::array<Corner, 16> corners{};
    std::size_t n = 0;
    const Corner* begin() const { return corners.data(); }
    const Corner* end() const { return corners.data() + n; }
};

// The corners of the cube spanned by `primary` and `partner` (district, period, sex, age), with
// the signs of aggregate.cpp's hypercube method: the sign flips along a direction where both
// indices are parts (not the total: the municipality, "alla", "alla"). Finest periods have no
// total among them: a cube over two periods flips its sign between them, so the coarser
// period holding both does not move.
Cube make_cube(const std::size_t primary[4], const std::size_t partner[4], std::size_t municipality)
{
    const std::size_t totals[3] = {municipality, 0, 0};
    const std::size_t prim[3] = {primary[0], primary[2], primary[3]};
    const std::size_t part[3] = {partner[0], partner[2], partner[3]};
    Cube cube;
    for (int m = 0; m < 8; ++m) {
        std::size_t c[3];
        int sign = 1;
        for (int k = 0; k < 3; ++k) {
            const bool moved = (m >> k) & 1;
            c[k] = moved ? part[k] : prim[k];
            if (moved && prim[k] != totals[k] && part[k] != totals[k])
                sign = -sign;
        }
        cube.corners[cube.n++] = {c[0], primary[1], c[1], c[2], sign};
    }
    if (partner[1] != primary[1])
        for (std::size_t m = 0; m < 8; ++m) {
            auto c = cube.corners[m];
            c.p = partner[1];
            c.sign = -c.sign;
            cube.corners[cube.n++] = c;
        }
    return cube;
}

// Tables indexed [level][length]: level 0 and length 0 are the finest (the cube corners'
// table); every other table's cells are sums of finest cells and move when a cube moves them.
class Planner {
public:
    Planner(const std::vector<std::vector<const AggregateResult*>>& tables, const std::vector<std::vector<int>>& parents,
            const std::vector<std::vector<int>>& period_parents)
        : parents_(parents), period_parents_(period_parents)
    {
        const auto& finest = *tables[0][0];
        nl_ = tables.size();
        nt_ = tables[0].size();
        ng_ = finest.groups.size();
        ns_ = finest.sex_labels.size();
        na_ = finest.age_labels.size();
        for (std::size_t l = 0; l < nl_; ++l)
            nd_.push_back(tables[l][0]->district_count + 1);
        for (std::size_t t = 0; t < nt_; ++t)
            np_.push_back(tables[0][t]->periods.size());
        counts_.resize(nl_);
        masks_.resize(nl_);
        moved_.resize(nl_);
        for (std::size_t l = 0; l < nl_; ++l)
            for (std::size_t t = 0; t < nt_; ++t) {
                counts_[l].push_back(&tables[l][t]->true_counts);
                masks_[l].emplace_back(tables[l][t]->true_counts.size(), 0);
                moved_[l].emplace_back(tables[l][t]->true_counts.size(), 0);
            }
        children_.resize(nl_);
        children_[0].resize(nd_[0] - 1);
        for (std::size_t d = 0; d + 1 < nd_[0]; ++d)
            children_[0][d].push_back(d);
        for (std::size_t l = 1; l < nl_; ++l) {
            children_[l].resize(nd_[l] - 1);
            for (std::size_t d = 0; d + 1 < nd_[0]; ++d)
                children_[l][static_cast<std::size_t>(parents_[l - 1][d])].push_back(d);
        }
        period_children_.resize(nt_);
        for (std::size_t t = 0; t < nt_; ++t) {
            period_children_[t].resize(np_[t]);
            for (std::size_t p = 0; p < np_[0]; ++p)
                period_children_[t][pparent(t, p)].push_back(p);
        }
    }

    std::vector<std::vector<std::vector<char>>> run(int threshold)
    {
        for (std::size_t p = 0; p < np_[0]; ++p)
            for (g_ = 0; g_ < ng_; ++g_) {
                for (std::size_t d = 0; d < nd_[0]; ++d)
                    for (std::size_t s = 0; s < ns_; ++s)
                        for (std::size_t a = 0; a < na_; ++a) {
                            const double v = fine(d, p, s, a);
                            if (v >= 1 && v < threshold)
                                protect_fine(d, p, s, a);
                        }
                for (std::size_t l = 1; l < nl_; ++l)
                    protect_small(l, 0, p, threshold);
            }
        // Coarser periods: a small sum no cube has moved (its parts' cubes spanned periods inside it).
        for (std::size_t t = 1; t < nt_; ++t)
            for (std::size_t p = 0; p < np_[t]; ++p)
                for (g_ = 0; g_ < ng_; ++g_)
                    for (std::size_t l = 0; l < nl_; ++l)
                        protect_small(l, t, p, threshold);
        return std::move(masks_);
    }

private:
    std::size_t at(std::size_t l, std::size_t t, std::size_t d, std::size_t p, std::size_t s, std::size_t a) const
    {
        (void)l;
        return (((d * np_[t] + p) * ng_ + g_) * ns_ + s) * na_ + a;
    }
    double fine(std::size_t d, std::size_t p, std::size_t s, std::size_t a) const
    {
        return (*counts_[0][0])[at(0, 0, d, p, s, a)];
    }
    double value(std::size_t l, std::size_t t, std::size_t k) const { return (*counts_[l][t])[k]; }
    // The district of level l holding finest district d (the municipality: the municipality).
    std::size_t dparent(std::size_t l, std::size_t d) const
    {
        if (l == 0)
            return d;
        return d + 1 == nd_[0] ? nd_[l] - 1 : static_cast<std::size_t>(parents_[l - 1][d]);
    }
    // The period of length t holding finest period p.
    std::size_t pparent(std::size_t t, std::size_t p) const
    {
        return t == 0 ? p : static_cast<std::size_t>(period_parents_[t - 1][p]);
    }

    // Per table other than the finest, the cells the cube moves (net sign not zero).
    template <typename F> void induced(const Cube& cube, F&& f) const
    {
        for (std::size_t t = 0; t < nt_; ++t)
            for (std::size_t l = 0; l < nl_; ++l) {
                if (l == 0 && t == 0)
                    continue;
                std::array<std::pair<std::size_t, int>, 16> net{};
                std::size_t n = 0;
                for (const auto& c : cube) {
                    const auto k = at(l, t, dparent(l, c.d), pparent(t, c.p), c.s, c.a);
                    auto it = std::find_if(net.begin(), net.begin() + static_cast<std::ptrdiff_t>(n),
                                           [&](const auto& e) { return e.first == k; });
                    if (it == net.begin() + static_cast<std::ptrdiff_t>(n))
                        net[n++] = {k, c.sign};
                    else
                        it->second += c.sign;
                }
                for (std::size_t i = 0; i < n; ++i)
                    if (net[i].second != 0)
                        f(l, t, net[i].first, net[i].second);
            }
    }

    // Cost of withholding the cube (cells not yet withheld: count + 1/2, in every table), or
    // infinity when neither direction keeps every cell >= 0. A cube whose cells that go down all
    // stay >= 1 (fine and moved coarse cells alike) is preferred by a large margin: an attacker
    // who takes "withheld" to mean "at least 1" (two withheld 1s under a published 2) could
    // otherwise pin them.
    double cost(const Cube& cube) const
    {
        bool down_a = true, up_a = true, down_b = true, up_b = true;
        double cost = 0;
        const std::size_t primary_sex = cube.corners[0].s;  // corner 0 is the primary
        for (const auto& c : cube) {
            const auto k = at(0, 0, c.d, c.p, c.s, c.a);
            const double v = value(0, 0, k);
            if (c.sign > 0) {
                down_a = down_a && v >= 1;
                down_b = down_b && v >= 2;
            } else {
                up_a = up_a && v >= 1;
                up_b = up_b && v >= 2;
            }
            if (!masks_[0][0][k])
                cost += charge(0, 0, k, primary_sex) + 0.5;
        }
        if (!down_a && !up_a)
            return std::numeric_limits<double>::infinity();
        induced(cube, [&](std::size_t l, std::size_t t, std::size_t k, int net) {
            const double v = value(l, t, k);
            if (net > 0)
                down_b = down_b && v >= 1 + net;
            else
                up_b = up_b && v >= 1 - net;
            if (!masks_[l][t][k])
                cost += charge(l, t, k, primary_sex) + 0.5;
        });
        return (down_b && down_a) || (up_b && up_a) ? cost : cost + 1e9;
    }

    // What withholding cell k of table (l, t) costs: its count, except a known sex beside an
    // unknown-sex primary (secondary_cell_charge.hpp), charged the other known sex's count.
    double charge(std::size_t l, std::size_t t, std::size_t k, std::size_t primary_sex) const
    {
        const std::size_t s = (k / na_) % ns_;
        const int other = remainder_partner_other_sex(primary_sex, s, ns_);
        if (other < 0)
            return value(l, t, k);
        return value(l, t, k - s * na_ + static_cast<std::size_t>(other) * na_);
    }

    void apply(const Cube& cube)
    {
        for (const auto& c : cube)
            masks_[0][0][at(0, 0, c.d, c.p, c.s, c.a)] = 1;
        induced(cube, [&](std::size_t l, std::size_t t, std::size_t k, int) {
            masks_[l][t][k] = 1;
            moved_[l][t][k] = 1;
        });
    }

    // Fallback when no cube fits (a tiny table): the cell's whole lines in its finest period
    // and the cells of every other table holding them.
    void withhold_lines(std::size_t d, std::size_t p, std::size_t s, std::size_t a)
    {
        auto mark = [&](std::size_t d2, std::size_t s2, std::size_t a2) {
            for (std::size_t t = 0; t < nt_; ++t)
                for (std::size_t l = 0; l < nl_; ++l) {
                    const auto k = at(l, t, dparent(l, d2), pparent(t, p), s2, a2);
                    masks_[l][t][k] = 1;
                    moved_[l][t][k] = 1;
                }
        };
        for (std::size_t i = 0; i < nd_[0]; ++i)
            mark(i, s, a);
        for (std::size_t i = 0; i < ns_; ++i)
            mark(d, i, a);
        for (std::size_t i = 0; i < na_; ++i)
            mark(d, s, i);
    }

    // District partners worth trying for finest district d at (p, s, a): its siblings on every
    // level (a cube inside one coarse district leaves the coarse sums alone), the districts with
    // cells already withheld and the smallest positive counts (24 in all), and the municipality.
    std::vector<std::size_t> fine_partners(std::size_t d, std::size_t p, std::size_t s, std::size_t a) const
    {
        const std::size_t nd = nd_[0];
        std::vector<std::size_t> out;
        if (d + 1 < nd)
            for (std::size_t l = 1; l < nl_; ++l)
                for (auto c : children_[l][static_cast<std::size_t>(parents_[l - 1][d])])
                    if (c != d)
                        out.push_back(c);
        std::vector<std::pair<double, std::size_t>> ranked;
        for (std::size_t d2 = 0; d2 + 1 < nd; ++d2) {
            if (d2 == d)
                continue;
            const auto k = at(0, 0, d2, p, s, a);
            ranked.emplace_back(masks_[0][0][k] ? -1.0 : value(0, 0, k) >= 1 ? value(0, 0, k) : 1e18, d2);
        }
        const std::size_t n = std::min<std::size_t>(24, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
        for (std::size_t k = 0; k < n; ++k)
            out.push_back(ranked[k].second);
        if (d + 1 != nd)
            out.push_back(nd - 1);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    // Period partners for finest period p: p itself (a cube inside one period), then the other
    // finest periods inside the same coarsest period (a cube over two of them leaves that
    // coarsest period's sums alone).
    std::vector<std::size_t> period_partners(std::size_t p) const
    {
        std::vector<std::size_t> out{p};
        if (nt_ > 1)
            for (auto q : period_children_[nt_ - 1][pparent(nt_ - 1, p)])
                if (q != p)
                    out.push_back(q);
        return out;
    }

    void protect_fine(std::size_t d, std::size_t p, std::size_t s, std::size_t a)
    {
        masks_[0][0][at(0, 0, d, p, s, a)] = 1;
        const std::size_t primary[4] = {d, p, s, a};
        double best_cost = std::numeric_limits<double>::infinity();
        Cube best{};
        const auto districts = fine_partners(d, p, s, a);
        for (auto p2 : period_partners(p))
            for (auto d2 : districts)
                for (std::size_t s2 = 0; s2 < ns_; ++s2)
                    for (std::size_t a2 = 0; a2 < na_; ++a2) {
                        if (s2 == s || a2 == a)
                            continue;
                        const std::size_t partner[4] = {d2, p2, s2, a2};
                        const auto cube = make_cube(primary, partner, nd_[0] - 1);
                        const double c = cost(cube);
                        if (c < best_cost) {
                            best_cost = c;
                            best = cube;
                        }
                    }
        if (std::isfinite(best_cost))
            apply(best);
        else
            withhold_lines(d, p, s, a);
    }

    // The small cells of table (l, t) in its period p no cube has moved yet. A coarser level's
    // municipality is the finest level's and moves with it, so it is left to level 0.
    void protect_small(std::size_t l, std::size_t t, std::size_t p, int threshold)
    {
        const std::size_t last = l == 0 ? nd_[0] : nd_[l] - 1;
        for (std::size_t r = 0; r < last; ++r)
            for (std::size_t s = 0; s < ns_; ++s)
                for (std::size_t a = 0; a < na_; ++a) {
                    const auto k = at(l, t, r, p, s, a);
                    const double v = value(l, t, k);
                    if (v >= 1 && v < threshold && !moved_[l][t][k])
                        protect_coarse(l, t, r, p, s, a);
                }
    }

    // A small cell of a coarser table no cube moves: a cube on its level inside one finest
    // period of it, lifted to finest districts inside the districts it spans (so it moves the
    // coarse cell by ±1).
    void protect_coarse(std::size_t l, std::size_t t, std::size_t r, std::size_t P, std::size_t s, std::size_t a)
    {
        const std::size_t municipality = nd_[l] - 1;
        auto inside = [&](std::size_t coarse_district, std::size_t p) {
            std::vector<std::size_t> out;
            if (coarse_district == municipality)
                return std::vector<std::size_t>{nd_[0] - 1};
            out = children_[l][coarse_district];
            // The three with the largest count at (s, a): a lifted corner that must go down needs one.
            std::sort(out.begin(), out.end(), [&](std::size_t x, std::size_t y) {
                return fine(x, p, s, a) > fine(y, p, s, a) || (fine(x, p, s, a) == fine(y, p, s, a) && x < y);
            });
            if (out.size() > 3)
                out.resize(3);
            return out;
        };
        std::vector<std::pair<double, std::size_t>> ranked;
        for (std::size_t r2 = 0; r2 < municipality; ++r2)
            if (r2 != r) {
                const auto k = at(l, t, r2, P, s, a);
                ranked.emplace_back(masks_[l][t][k] ? -1.0 : value(l, t, k) >= 1 ? value(l, t, k) : 1e18, r2);
            }
        const std::size_t n = std::min<std::size_t>(24, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
        std::vector<std::size_t> partners;
        for (std::size_t k = 0; k < n; ++k)
            partners.push_back(ranked[k].second);
        if (r != municipality)
            partners.push_back(municipality);
        double best_cost = std::numeric_limits<double>::infinity();
        Cube best{};
        for (auto p : period_children_[t][P])
            for (auto r2 : partners) {
                const auto from = inside(r, p), to = inside(r2, p);
                for (auto d : from)
                    for (auto d2 : to)
                        for (std::size_t s2 = 0; s2 < ns_; ++s2)
                            for (std::size_t a2 = 0; a2 < na_; ++a2) {
                                if (s2 == s || a2 == a)
                                    continue;
                                const std::size_t primary[4] = {d, p, s, a};
                                const std::size_t partner[4] = {d2, p, s2, a2};
                                const auto cube = make_cube(primary, partner, nd_[0] - 1);
                                const double c = cost(cube);
                                if (c < best_cost) {
                                    best_cost = c;
                                    best = cube;
                                }
                            }
            }
        if (std::isfinite(best_cost)) {
            apply(best);
        } else {
            for (auto p : period_children_[t][P])
                for (auto d : r == municipality ? std::vector<std::size_t>{nd_[0] - 1} : children_[l][r])
                    withhold_lines(d, p, s, a);
        }
        masks_[l][t][at(l, t, r, P, s, a)] = 1;
    }

    const std::vector<std::vector<int>>& parents_;
    const std::vector<std::vector<int>>& period_parents_;
    std::size_t nl_ = 0, nt_ = 0, ng_ = 0, ns_ = 0, na_ = 0;
    std::vector<std::size_t> nd_;  // per level, with the municipality
    std::vector<std::size_t> np_;  // per length
    std::size_t g_ = 0;
    std::vector<std::vector<const std::vector<double>*>> counts_;  // [level][length]
    std::vector<std::vector<std::vector<char>>> masks_;           // [level][length]
    std::vector<std::vector<std::vector<char>>> moved_;           // [level][length]: moved by an applied cube
    std::vector<std::vector<std::vector<std::size_t>>> children_;         // per level, per district: finest districts
    std::vector<std::vector<std::vector<std::size_t>>> period_children_;  // per length, per period: finest periods
};

}  // namespace

std::vector<std::vector<std::vector<char>>> plan_levels_and_lengths(
    const std::vector<std::vector<const AggregateResult*>>& tables, const std::vector<std::vector<int>>& parents,
    const std::vector<std::vector<int>>& period_parents, int threshold)
{
    Planner planner(tables, parents, period_parents);
    return planner.run(threshold);
}

std::vector<std::vector<char>> plan_levels(const AggregateResult& finest, const std::vector<const AggregateResult*>& levels,
                                           const std::vector<std::vector<int>>& parents, int threshold)
{
    std::vector<std::vector<const AggregateResult*>> tables{{&finest}};
    for (const auto* level : levels)
        tables.push_back({level});
    auto grid = plan_levels_and_lengths(tables, parents, {}, threshold);
    std::vector<std::vector<char>> out;
    for (auto& row : grid)
        out.push_back(std::move(row[0]));
    return out;
}

void withhold_cells(AggregateResult& result, const std::vector<char>& hidden)
{
    result.cells.withhold(hidden, result.groups.size() * result.sex_labels.size() * result.age_labels.size());
}

}  // namespace trygg::stats
