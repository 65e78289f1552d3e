// SPDX-License-Identifier: MIT
#include "hypercube_suppression.hpp"

#include "district_partners.hpp"
#include "secondary_cell_charge.hpp"

#include <trygg/core/progress.hpp>
#include <trygg/stats/permutation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace trygg::stats {

namespace {

// The partial sum of a cube's corners: its cost and whether it fits downward / upward.
struct Corners {
    double cost = 0;
    bool down_ok = true, up_ok = true;
};

// Which cells to withhold. Primary: counts 1..threshold-1. Secondary, by the hypercube method:
// within one period and crime group the published table is additive along three directions
// (districts sum to the municipality, sexes to "alla", age bands to "alla"). For each primary
// cell a 2×2×2 cube of cells is withheld, one partner index per direction, so that adding ±1
// around the cube (opposite signs for two parts of a line, equal signs for a part and its
// total) keeps every published sum and every count non-negative. Each withheld cell can
// then take at least two values consistent with everything published: none can be solved
// for from the margins. Partners are chosen to withhold as little as possible.
//
// One period p and crime group g: its cells of `hidden` are written, no others.
void suppress_slab(const std::vector<double>& counts, std::vector<char>& hidden, const CubeShape& shape, std::size_t p,
                   std::size_t g, int threshold, std::vector<DistrictPartners>& lines, const core::CancelToken* cancel)
{
    const std::size_t nd = shape.districts, np = shape.periods, ng = shape.groups, ns = shape.sexes, na = shape.ages;
    auto index = [&](std::size_t d, std::size_t s, std::size_t a) { return (((d * np + p) * ng + g) * ns + s) * na + a; };
    const std::size_t dims[3] = {nd, ns, na};
    const std::size_t totals[3] = {nd - 1, 0, 0};  // municipality, "alla", "alla"
    auto at = [&](const std::size_t c[3]) { return index(c[0], c[1], c[2]); };
    for (std::size_t sx = 0; sx < ns; ++sx)
        for (std::size_t a = 0; a < na; ++a)
            lines[sx * na + a].reset(nd - 1, [&](std::size_t d2) { return counts[index(d2, sx, a)]; });
    std::vector<Corners> local;  // per (sex, age) partner of the current primary
    auto withhold_cell = [&](const std::size_t c[3]) {
        auto& h = hidden[at(c)];
        if (!h && c[0] + 1 < nd)
            lines[c[1] * na + c[2]].withhold(c[0]);
        h = 1;
    };
    for (std::size_t d = 0; d < nd; ++d) {
        if (cancel && d % 64 == 0)  // a few milliseconds of partner search
            cancel->check();
        for (std::size_t sx = 0; sx < ns; ++sx)
            for (std::size_t a = 0; a < na; ++a) {
                const std::size_t primary[3] = {d, sx, a};
                double v = counts[at(primary)];
                if (!(v >= 1 && v < threshold))
                    continue;
                withhold_cell(primary);
                double best_cost = std::numeric_limits<double>::infinity();
                std::size_t best[3] = {0, 0, 0};
                // District partners: with thousands of districts only the most promising
                // are tried (the municipality, districts with cells already withheld, and
                // the smallest positive counts at this sex and age), which keeps the
                // search linear in the number of districts.
                std::vector<std::size_t> district_partners;
                lines[sx * na + a].first(24, d, district_partners);
                if (d != nd - 1)
                    district_partners.push_back(nd - 1);
                // One corner of the cube: its count must allow the ±1 of its sign, and if it is
                // not withheld yet it costs its count (or, for a known sex beside an unknown-sex
                // remainder, the other sex's: secondary_cell_charge) plus 0.5, so that cells
                // already withheld and small ones are preferred.
                auto corner = [&](const std::size_t partner[3], int m, Corners& acc) {
                    std::size_t c[3];
                    int sign = 1;
                    for (int k = 0; k < 3; ++k) {
                        bool moved = (m >> k) & 1;
                        c[k] = moved ? partner[k] : primary[k];
                        bool both_parts = primary[k] != totals[k] && partner[k] != totals[k];
                        if (moved && both_parts)
                            sign = -sign;
                    }
                    double cv = counts[at(c)];
                    if (sign > 0 && cv < 1)
                        acc.down_ok = false;
                    if (sign < 0 && cv < 1)
                        acc.up_ok = false;
                    if (!hidden[at(c)]) {
                        const int other = remainder_partner_other_sex(sx, c[1], ns);
                        std::size_t o[3] = {c[0], static_cast<std::size_t>(other), c[2]};
                        acc.cost += (other < 0 ? cv : counts[at(o)]) + 0.5;
                    }
                };
                // The corners in the primary's own district (2, 4, 6) do not depend on the
                // district partner: computed once per (sex, age) partner. Costs are sums of
                // integers and halves, exact in any order, so the choice is the same as
                // summing the corners 1..7 in turn.
                local.assign(ns * na, Corners{});
                for (std::size_t s2 = 0; s2 < ns; ++s2)
                    for (std::size_t a2 = 0; a2 < na; ++a2)
                        if (s2 != sx && a2 != a) {
                            const std::size_t partner[3] = {d, s2, a2};
                            for (int m : {2, 4, 6})
                                corner(partner, m, local[s2 * na + a2]);
                        }
                for (std::size_t dp : district_partners)
                    for (std::size_t s2 = 0; s2 < ns; ++s2) {
                        if (s2 == sx)
                            continue;
                        for (std::size_t a2 = 0; a2 < na; ++a2) {
                            if (a2 == a)
                                continue;
                            const std::size_t partner[3] = {dp, s2, a2};
                            Corners acc = local[s2 * na + a2];
                            // Every term is >= 0.5: once the cost reaches the best, or the cube
                            // fits in neither direction, this partner cannot win.
                            for (int m : {1, 3, 5, 7}) {
                                if (acc.cost >= best_cost || !(acc.down_ok || acc.up_ok))
                                    break;
                                corner(partner, m, acc);
                            }
                            if ((acc.down_ok || acc.up_ok) && acc.cost < best_cost) {
                                best_cost = acc.cost;
                                std::copy(partner, partner + 3, best);
                            }
                        }
                    }
                if (!std::isfinite(best_cost)) {
                    // No cube fits (a tiny table): withhold the primary's whole lines.
                    for (int k = 0; k < 3; ++k)
                        for (std::size_t i = 0; i < dims[k]; ++i) {
                            std::size_t c[3] = {d, sx, a};
                            c[k] = i;
                            withhold_cell(c);
                        }
                    continue;
                }
                for (int m = 1; m < 8; ++m) {
                    std::size_t c[3];
                    for (int k = 0; k < 3; ++k)
                        c[k] = ((m >> k) & 1) ? best[k] : primary[k];
                    withhold_cell(c);
                }
            }
    }
}

}  // namespace

std::vector<char> hypercube_suppression(const std::vector<double>& counts, const CubeShape& shape, int threshold,
                                        unsigned threads, const core::CancelToken* cancel)
{
    std::vector<char> hidden(counts.size(), 0);
    const std::size_t slabs = shape.periods * shape.groups;
    detail::parallel_blocks(slabs, threads, [&](std::size_t begin, std::size_t end) {
        // per (sex, age): the district partners in rank order
        std::vector<DistrictPartners> lines(shape.sexes * shape.ages);
        for (std::size_t k = begin; k < end; ++k)
            suppress_slab(counts, hidden, shape, k / shape.groups, k % shape.groups, threshold, lines, cancel);
    });
    return hidden;
}

}  // namespace trygg::stats
