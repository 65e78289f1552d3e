// SPDX-License-Identifier: MIT
// The hypercube suppression (stats/hypercube_suppression.hpp) against the search it replaces,
// written out as aggregate.cpp had it before issue 20: one (period, group) table after another
// on one thread, every partner's seven corners summed in full. The new search skips partners
// that cannot win, sums the primary district's corners once per primary and runs tables on
// several threads; the withheld cells must be the same, whatever the thread count.
#include "stats/district_partners.hpp"
#include "stats/hypercube_suppression.hpp"
#include "stats/secondary_cell_charge.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using trygg::stats::CubeShape;
using trygg::stats::DistrictPartners;

namespace {

std::vector<char> old_search(const std::vector<double>& counts, const CubeShape& shape, int threshold)
{
    const std::size_t nd = shape.districts, np = shape.periods, ng = shape.groups, ns = shape.sexes, na = shape.ages;
    std::vector<char> hidden(counts.size(), 0);
    auto index = [&](std::size_t d, std::size_t p, std::size_t g, std::size_t s, std::size_t a) {
        return (((d * np + p) * ng + g) * ns + s) * na + a;
    };
    const std::size_t dims[3] = {nd, ns, na};
    const std::size_t totals[3] = {nd - 1, 0, 0};
    std::vector<DistrictPartners> lines(ns * na);
    for (std::size_t p = 0; p < np; ++p)
        for (std::size_t g = 0; g < ng; ++g) {
            auto at = [&](const std::size_t c[3]) { return index(c[0], p, g, c[1], c[2]); };
            for (std::size_t sx = 0; sx < ns; ++sx)
                for (std::size_t a = 0; a < na; ++a)
                    lines[sx * na + a].reset(nd - 1, [&](std::size_t d2) { return counts[index(d2, p, g, sx, a)]; });
            auto withhold_cell = [&](const std::size_t c[3]) {
                auto& h = hidden[at(c)];
                if (!h && c[0] + 1 < nd)
                    lines[c[1] * na + c[2]].withhold(c[0]);
                h = 1;
            };
            for (std::size_t d = 0; d < nd; ++d)
                for (std::size_t sx = 0; sx < ns; ++sx)
                    for (std::size_t a = 0; a < na; ++a) {
                        const std::size_t primary[3] = {d, sx, a};
                        const double v = counts[at(primary)];
                        if (!(v >= 1 && v < threshold))
                            continue;
                        withhold_cell(primary);
                        double best_cost = std::numeric_limits<double>::infinity();
                        std::size_t best[3] = {0, 0, 0};
                        std::vector<std::size_t> partners;
                        lines[sx * na + a].first(24, d, partners);
                        if (d != nd - 1)
                            partners.push_back(nd - 1);
                        std::size_t partner[3];
                        for (std::size_t dp : partners) {
                            partner[0] = dp;
                            for (partner[1] = 0; partner[1] < dims[1]; ++partner[1]) {
                                if (partner[1] == sx)
                                    continue;
                                for (partner[2] = 0; partner[2] < dims[2]; ++partner[2]) {
                                    if (partner[2] == a)
                                        continue;
                                    bool down_ok = true, up_ok = true;
                                    double cost = 0;
                                    for (int m = 1; m < 8; ++m) {
                                        std::size_t c[3];
                                        int sign = 1;
                                        for (int k = 0; k < 3; ++k) {
                                            const bool moved = (m >> k) & 1;
                                            c[k] = moved ? partner[k] : primary[k];
                                            if (moved && primary[k] != totals[k] && partner[k] != totals[k])
                                                sign = -sign;
                                        }
                                        const double cv = counts[at(c)];
                                        if (sign > 0 && cv < 1)
                                            down_ok = false;
                                        if (sign < 0 && cv < 1)
                                            up_ok = false;
                                        if (!hidden[at(c)]) {
                                            const int other = trygg::stats::remainder_partner_other_sex(sx, c[1], ns);
                                            std::size_t o[3] = {c[0], static_cast<std::size_t>(other), c[2]};
                                            cost += (other < 0 ? cv : counts[at(o)]) + 0.5;
                                        }
                                    }
                                    if ((down_ok || up_ok) && cost < best_cost) {
                                        best_cost = cost;
                                        std::copy(partner, partner + 3, best);
                                    }
                                }
                            }
                        }
                        if (!std::isfinite(best_cost)) {
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
    return hidden;
}

// An additive cube: random counts per (district, sex 1..3, age 1..) — many of them small — with
// "alla" sums along sex and age and the municipality as the last district.
std::vector<double> additive_cube(const CubeShape& s, unsigned seed, double mean)
{
    std::mt19937_64 rng(seed);
    std::poisson_distribution<int> draw(mean);
    std::vector<double> c(s.districts * s.periods * s.groups * s.sexes * s.ages, 0.0);
    auto at = [&](std::size_t d, std::size_t p, std::size_t g, std::size_t x, std::size_t a) -> double& {
        return c[(((d * s.periods + p) * s.groups + g) * s.sexes + x) * s.ages + a];
    };
    for (std::size_t p = 0; p < s.periods; ++p)
        for (std::size_t g = 0; g < s.groups; ++g) {
            for (std::size_t d = 0; d + 1 < s.districts; ++d)
                for (std::size_t x = 1; x < s.sexes; ++x)
                    for (std::size_t a = 1; a < s.ages; ++a) {
                        const double v = draw(rng);
                        at(d, p, g, x, a) += v, at(d, p, g, 0, a) += v, at(d, p, g, x, 0) += v, at(d, p, g, 0, 0) += v;
                    }
            for (std::size_t d = 0; d + 1 < s.districts; ++d)
                for (std::size_t x = 0; x < s.sexes; ++x)
                    for (std::size_t a = 0; a < s.ages; ++a)
                        at(s.districts - 1, p, g, x, a) += at(d, p, g, x, a);
        }
    return c;
}

}  // namespace

TEST(HypercubeSuppression, WithholdsTheCellsTheOldSearchWithheldOnAnyThreadCount)
{
    const CubeShape shape{61, 3, 4, 4, 6};  // 60 districts + the municipality, 3 periods, 4 groups
    std::size_t withheld = 0;
    for (unsigned seed : {1u, 2u, 3u})
        for (double mean : {0.6, 2.5}) {
            const auto counts = additive_cube(shape, seed, mean);
            const auto expected = old_search(counts, shape, 5);
            for (unsigned threads : {1u, 2u, 3u})
                EXPECT_EQ(trygg::stats::hypercube_suppression(counts, shape, 5, threads, nullptr), expected)
                    << "seed " << seed << ", mean " << mean << ", " << threads << " threads";
            for (char h : expected)
                withheld += h != 0;
        }
    EXPECT_GT(withheld, 1000u);  // the tables are small-count enough to exercise the search
}
