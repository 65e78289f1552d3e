// The joint suppression plan over reporting levels (level_suppression.hpp: plan_levels).
#include <trygg/stats/level_suppression.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace trygg::stats {

namespace {

struct Corner {
    std::size_t d, s, a;  // a finest-level cell of the slice (d == nd - 1: the municipality)
    int sign;
};
using Cube = std::array<Corner, 8>;

// The 8 corners of the cube spanned by `primary` and `partner` (district, sex, age), with the
// signs of aggregate.cpp's hypercube method: the sign flips along a direction where both
// indices are parts (not the total: the municipality, "alla", "alla").
Cube make_cube(const std::size_t primary[3], const std::size_t partner[3], std::size_t municipality)
{
    const std::size_t totals[3] = {municipality, 0, 0};
    Cube cube;
    for (int m = 0; m < 8; ++m) {
        std::size_t c[3];
        int sign = 1;
        for (int k = 0; k < 3; ++k) {
            const bool moved = (m >> k) & 1;
            c[k] = moved ? partner[k] : primary[k];
            if (moved && primary[k] != totals[k] && partner[k] != totals[k])
                sign = -sign;
        }
        cube[static_cast<std::size_t>(m)] = {c[0], c[1], c[2], sign};
    }
    return cube;
}

class Planner {
public:
    Planner(const std::vector<double>& fine, const std::vector<const std::vector<double>*>& coarse,
            const std::vector<std::vector<int>>& parents, std::size_t nd, const std::vector<std::size_t>& coarse_nd,
            std::size_t np, std::size_t ng, std::size_t ns, std::size_t na)
        : fine_(fine), coarse_(coarse), parents_(parents), nd_(nd), cnd_(coarse_nd), np_(np), ng_(ng), ns_(ns), na_(na)
    {
        masks_.emplace_back(fine.size(), 0);
        for (const auto* c : coarse) {
            masks_.emplace_back(c->size(), 0);
            moved_.emplace_back(c->size(), 0);
        }
        children_.resize(parents.size());
        for (std::size_t l = 0; l < parents.size(); ++l) {
            children_[l].resize(coarse_nd[l] - 1);
            for (std::size_t d = 0; d + 1 < nd; ++d)
                children_[l][static_cast<std::size_t>(parents[l][d])].push_back(d);
        }
    }

    std::vector<std::vector<char>> run(int threshold)
    {
        for (p_ = 0; p_ < np_; ++p_)
            for (g_ = 0; g_ < ng_; ++g_) {
                for (std::size_t d = 0; d < nd_; ++d)
                    for (std::size_t s = 0; s < ns_; ++s)
                        for (std::size_t a = 0; a < na_; ++a) {
                            const double v = fine_[at(nd_, d, s, a)];
                            if (v >= 1 && v < threshold)
                                protect_fine(d, s, a);
                        }
                for (std::size_t l = 0; l < parents_.size(); ++l)
                    for (std::size_t r = 0; r + 1 < cnd_[l]; ++r)
                        for (std::size_t s = 0; s < ns_; ++s)
                            for (std::size_t a = 0; a < na_; ++a) {
                                const auto k = at(cnd_[l], r, s, a);
                                const double v = (*coarse_[l])[k];
                                if (v >= 1 && v < threshold && !moved_[l][k])
                                    protect_coarse(l, r, s, a);
                            }
            }
        return std::move(masks_);
    }

private:
    std::size_t at(std::size_t nd, std::size_t d, std::size_t s, std::size_t a) const
    {
        (void)nd;
        return (((d * np_ + p_) * ng_ + g_) * ns_ + s) * na_ + a;
    }
    // The coarse district of level l holding finest district d (the municipality: the municipality).
    std::size_t parent(std::size_t l, std::size_t d) const
    {
        return d + 1 == nd_ ? cnd_[l] - 1 : static_cast<std::size_t>(parents_[l][d]);
    }

    // Per level, the coarse cells the cube moves (net sign not zero).
    template <typename F> void induced(const Cube& cube, F&& f) const
    {
        for (std::size_t l = 0; l < parents_.size(); ++l) {
            std::array<std::pair<std::size_t, int>, 8> net{};
            std::size_t n = 0;
            for (const auto& c : cube) {
                const auto k = at(cnd_[l], parent(l, c.d), c.s, c.a);
                auto it = std::find_if(net.begin(), net.begin() + static_cast<std::ptrdiff_t>(n),
                                       [&](const auto& e) { return e.first == k; });
                if (it == net.begin() + static_cast<std::ptrdiff_t>(n))
                    net[n++] = {k, c.sign};
                else
                    it->second += c.sign;
            }
            for (std::size_t i = 0; i < n; ++i)
                if (net[i].second != 0)
                    f(l, net[i].first, net[i].second);
        }
    }

    // Cost of withholding the cube (cells not yet withheld: count + 1/2, on every level), or
    // infinity when neither direction keeps every cell >= 0. A cube whose cells that go down all
    // stay >= 1 (fine and moved coarse cells alike) is preferred by a large margin: an attacker
    // who takes "withheld" to mean "at least 1" (two withheld 1s under a published 2) could
    // otherwise pin them.
    double cost(const Cube& cube) const
    {
        bool down_a = true, up_a = true, down_b = true, up_b = true;
        double cost = 0;
        for (const auto& c : cube) {
            const auto k = at(nd_, c.d, c.s, c.a);
            const double v = fine_[k];
            if (c.sign > 0) {
                down_a = down_a && v >= 1;
                down_b = down_b && v >= 2;
            } else {
                up_a = up_a && v >= 1;
                up_b = up_b && v >= 2;
            }
            if (!masks_[0][k])
                cost += v + 0.5;
        }
        if (!down_a && !up_a)
            return std::numeric_limits<double>::infinity();
        induced(cube, [&](std::size_t l, std::size_t k, int net) {
            const double v = (*coarse_[l])[k];
            if (net > 0)
                down_b = down_b && v >= 1 + net;
            else
                up_b = up_b && v >= 1 - net;
            if (!masks_[l + 1][k])
                cost += v + 0.5;
        });
        return (down_b && down_a) || (up_b && up_a) ? cost : cost + 1e9;
    }

    void apply(const Cube& cube)
    {
        for (const auto& c : cube)
            masks_[0][at(nd_, c.d, c.s, c.a)] = 1;
        induced(cube, [&](std::size_t l, std::size_t k, int) {
            masks_[l + 1][k] = 1;
            moved_[l][k] = 1;
        });
    }

    // Fallback when no cube fits (a tiny table): the cell's whole lines on the finest level and
    // the coarse cells holding them.
    void withhold_lines(std::size_t d, std::size_t s, std::size_t a)
    {
        auto mark = [&](std::size_t d2, std::size_t s2, std::size_t a2) {
            masks_[0][at(nd_, d2, s2, a2)] = 1;
            for (std::size_t l = 0; l < parents_.size(); ++l) {
                const auto k = at(cnd_[l], parent(l, d2), s2, a2);
                masks_[l + 1][k] = 1;
                moved_[l][k] = 1;
            }
        };
        for (std::size_t i = 0; i < nd_; ++i)
            mark(i, s, a);
        for (std::size_t i = 0; i < ns_; ++i)
            mark(d, i, a);
        for (std::size_t i = 0; i < na_; ++i)
            mark(d, s, i);
    }

    // District partners worth trying for finest district d at (s, a): its siblings on every
    // level (a cube inside one coarse district leaves the coarse sums alone), the districts with
    // cells already withheld and the smallest positive counts (24 in all), and the municipality.
    std::vector<std::size_t> fine_partners(std::size_t d, std::size_t s, std::size_t a) const
    {
        std::vector<std::size_t> out;
        if (d + 1 < nd_)
            for (std::size_t l = 0; l < parents_.size(); ++l)
                for (auto c : children_[l][static_cast<std::size_t>(parents_[l][d])])
                    if (c != d)
                        out.push_back(c);
        std::vector<std::pair<double, std::size_t>> ranked;
        for (std::size_t d2 = 0; d2 + 1 < nd_; ++d2) {
            if (d2 == d)
                continue;
            const auto k = at(nd_, d2, s, a);
            ranked.emplace_back(masks_[0][k] ? -1.0 : fine_[k] >= 1 ? fine_[k] : 1e18, d2);
        }
        const std::size_t n = std::min<std::size_t>(24, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
        for (std::size_t k = 0; k < n; ++k)
            out.push_back(ranked[k].second);
        if (d + 1 != nd_)
            out.push_back(nd_ - 1);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    void protect_fine(std::size_t d, std::size_t s, std::size_t a)
    {
        masks_[0][at(nd_, d, s, a)] = 1;
        const std::size_t primary[3] = {d, s, a};
        double best_cost = std::numeric_limits<double>::infinity();
        Cube best{};
        for (auto d2 : fine_partners(d, s, a))
            for (std::size_t s2 = 0; s2 < ns_; ++s2)
                for (std::size_t a2 = 0; a2 < na_; ++a2) {
                    if (s2 == s || a2 == a)
                        continue;
                    const std::size_t partner[3] = {d2, s2, a2};
                    const auto cube = make_cube(primary, partner, nd_ - 1);
                    const double c = cost(cube);
                    if (c < best_cost) {
                        best_cost = c;
                        best = cube;
                    }
                }
        if (std::isfinite(best_cost))
            apply(best);
        else
            withhold_lines(d, s, a);
    }

    // A small coarse cell no finest-level cube moves: a cube on its level, lifted to finest
    // districts inside the coarse districts it spans (so it moves the coarse cell by ±1).
    void protect_coarse(std::size_t l, std::size_t r, std::size_t s, std::size_t a)
    {
        const std::size_t municipality = cnd_[l] - 1;
        auto inside = [&](std::size_t coarse_district) {
            std::vector<std::size_t> out;
            if (coarse_district == municipality)
                return std::vector<std::size_t>{nd_ - 1};
            out = children_[l][coarse_district];
            // The three with the largest count at (s, a): a lifted corner that must go down needs one.
            std::sort(out.begin(), out.end(), [&](std::size_t x, std::size_t y) {
                return fine_[at(nd_, x, s, a)] > fine_[at(nd_, y, s, a)] ||
                       (fine_[at(nd_, x, s, a)] == fine_[at(nd_, y, s, a)] && x < y);
            });
            if (out.size() > 3)
                out.resize(3);
            return out;
        };
        std::vector<std::pair<double, std::size_t>> ranked;
        for (std::size_t r2 = 0; r2 < municipality; ++r2)
            if (r2 != r) {
                const auto k = at(cnd_[l], r2, s, a);
                ranked.emplace_back(masks_[l + 1][k] ? -1.0 : (*coarse_[l])[k] >= 1 ? (*coarse_[l])[k] : 1e18, r2);
            }
        const std::size_t n = std::min<std::size_t>(24, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
        std::vector<std::size_t> partners;
        for (std::size_t k = 0; k < n; ++k)
            partners.push_back(ranked[k].second);
        partners.push_back(municipality);
        double best_cost = std::numeric_limits<double>::infinity();
        Cube best{};
        for (auto r2 : partners)
            for (auto d : inside(r))
                for (auto d2 : inside(r2))
                    for (std::size_t s2 = 0; s2 < ns_; ++s2)
                        for (std::size_t a2 = 0; a2 < na_; ++a2) {
                            if (s2 == s || a2 == a)
                                continue;
                            const std::size_t primary[3] = {d, s, a};
                            const std::size_t partner[3] = {d2, s2, a2};
                            const auto cube = make_cube(primary, partner, nd_ - 1);
                            const double c = cost(cube);
                            if (c < best_cost) {
                                best_cost = c;
                                best = cube;
                            }
                        }
        if (std::isfinite(best_cost)) {
            apply(best);
        } else {
            for (auto d : children_[l][r])
                withhold_lines(d, s, a);
        }
        masks_[l + 1][at(cnd_[l], r, s, a)] = 1;
    }

    const std::vector<double>& fine_;
    std::vector<const std::vector<double>*> coarse_;
    const std::vector<std::vector<int>>& parents_;
    std::size_t nd_;
    std::vector<std::size_t> cnd_;
    std::size_t np_, ng_, ns_, na_;
    std::size_t p_ = 0, g_ = 0;
    std::vector<std::vector<char>> masks_;  // finest, then each level
    std::vector<std::vector<char>> moved_;  // per level: moved by an applied cube
    std::vector<std::vector<std::vector<std::size_t>>> children_;  // per level, per coarse district
};

}  // namespace

std::vector<std::vector<char>> plan_levels(const AggregateResult& finest, const std::vector<const AggregateResult*>& levels,
                                           const std::vector<std::vector<int>>& parents, int threshold)
{
    std::vector<const std::vector<double>*> coarse;
    std::vector<std::size_t> coarse_nd;
    for (const auto* level : levels) {
        coarse.push_back(&level->true_counts);
        coarse_nd.push_back(level->district_count + 1);
    }
    Planner planner(finest.true_counts, coarse, parents, finest.district_count + 1, coarse_nd, finest.periods.size(),
                    finest.groups.size(), finest.sex_labels.size(), finest.age_labels.size());
    return planner.run(threshold);
}

void withhold_cells(AggregateResult& result, const std::vector<char>& hidden)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t period_stride = result.groups.size() * result.sex_labels.size() * result.age_labels.size();
    for (std::size_t k = 0; k < result.cells.size(); ++k) {
        auto& c = result.cells[k];
        if (hidden[k]) {
            c.suppressed = true;
            c.count = c.rate_per_1000 = c.rate_per_km2 = nan;
        }
        if (hidden[k] || (c.period > 0 && hidden[k - period_stride]))
            c.change = c.change_pct = nan;
    }
}

}  // namespace trygg::stats
