// SPDX-License-Identifier: MIT
// The suppression's district partners (stats/district_partners.hpp) against the ranking they
// replace, written out as aggregate.cpp had it: rank every district (withheld -1, positive
// count its count, else 1e18), partial-sort by (rank, index), keep the first 24.
#include "stats/district_partners.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using trygg::stats::DistrictPartners;

namespace {
std::vector<std::size_t> old_ranking(const std::vector<double>& counts, const std::vector<char>& hidden,
                                     std::size_t skip, std::size_t keep)
{
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t d2 = 0; d2 < counts.size(); ++d2) {
        if (d2 == skip)
            continue;
        const double cv = counts[d2];
        ranked.emplace_back(hidden[d2] ? -1.0 : cv >= 1 ? cv : 1e18, d2);
    }
    const std::size_t n = std::min(keep, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < n; ++k)
        out.push_back(ranked[k].second);
    return out;
}
}  // namespace

TEST(DistrictPartners, SameOrderAsRankingEveryDistrict)
{
    std::mt19937 rng(20261205);
    for (std::size_t n : {1u, 2u, 5u, 24u, 25u, 83u, 400u}) {
        std::vector<double> counts(n);
        std::uniform_int_distribution<int> value(0, 9);
        for (auto& c : counts)
            c = value(rng) < 4 ? 0.0 : value(rng);  // many zeros and ties
        if (n > 3)
            counts[2] = std::nan("");  // a group not in the source
        DistrictPartners partners;
        partners.reset(n, [&](std::size_t d) { return counts[d]; });
        std::vector<char> hidden(n, 0);
        std::uniform_int_distribution<std::size_t> pick(0, n - 1);
        for (int step = 0; step < 60; ++step) {
            const std::size_t skip = step % 7 == 0 ? n : pick(rng);  // n: the municipality's primary
            std::vector<std::size_t> got;
            partners.first(24, skip, got);
            EXPECT_EQ(got, old_ranking(counts, hidden, skip, 24)) << "n " << n << " step " << step;
            const std::size_t d = pick(rng);
            hidden[d] = 1;
            partners.withhold(d);
            partners.withhold(d);  // twice: no change
        }
    }
}
