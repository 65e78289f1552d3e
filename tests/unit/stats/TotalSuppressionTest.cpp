// SPDX-License-Identifier: MIT
#include <trygg/stats/total_suppression.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

using trygg::stats::withhold_with_total;

TEST(TotalSuppression, NothingSmallNothingWithheld)
{
    const std::vector<double> c{0, 5, 12, 7};
    const auto h = withhold_with_total(c, {0, 1, 2, 3}, 5);
    EXPECT_EQ(h, (std::vector<char>{0, 0, 0, 0}));
}

TEST(TotalSuppression, TwoSmallCountsProtectEachOther)
{
    // 2 and 3 withheld: total − published = 5 = a + b, each anywhere in 0..5.
    const std::vector<double> c{2, 9, 3, 0, 6};
    const auto h = withhold_with_total(c, {0, 1, 2, 3, 4}, 5);
    EXPECT_EQ(h, (std::vector<char>{1, 0, 1, 0, 0}));
}

TEST(TotalSuppression, ALoneSmallCountTakesTheSmallestPublishedPositivePartner)
{
    // 4 alone would be total − 9 − 6 − 7; the smallest positive published count (6) goes with it.
    const std::vector<double> c{9, 4, 0, 6, 7};
    const auto h = withhold_with_total(c, {0, 1, 2, 3, 4}, 5);
    EXPECT_EQ(h, (std::vector<char>{0, 1, 0, 1, 0}));
}

TEST(TotalSuppression, OnlyCellsInTheListAreConsidered)
{
    // Index 1 is not a published cell (e.g. outside the study area): its small count is ignored.
    const std::vector<double> c{8, 2, 3, 11};
    const auto h = withhold_with_total(c, {0, 2, 3}, 5);
    EXPECT_EQ(h, (std::vector<char>{1, 0, 1, 0}));
}

TEST(TotalSuppression, SoleIncidentCellIsPairedWithAZero)
{
    // 3 and a zero: a + b = 3 leaves each anywhere in 0..3, and in 1..2 if both are taken to be >= 1.
    const std::vector<double> c{0, 0, 3, 0};
    const auto h = withhold_with_total(c, {0, 1, 2, 3}, 5);
    EXPECT_EQ(h, (std::vector<char>{1, 0, 1, 0}));
}

namespace {

// An independent check by enumeration: the withheld values of a line sum to the total minus
// the published cells; with each >= `lower` (0, or 1 for an attacker who reads "withheld" as
// "not empty" because zeros are published), how many withheld values take one value only?
// No completion at all (the reading refuted) pins nothing.
std::size_t pinned_in_line(const std::vector<double>& c, const std::vector<char>& hidden, int lower)
{
    std::vector<std::size_t> w;
    int remainder = 0;
    double total = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        total += c[i];
        if (hidden[i]) {
            w.push_back(i);
            remainder += static_cast<int>(c[i]);
        }
    }
    if (w.empty() || total == 0)
        return 0;
    std::vector<int> lo(w.size(), 1 << 20), hi(w.size(), -1), v(w.size());
    bool any = false;
    std::function<void(std::size_t, int)> fill = [&](std::size_t k, int left) {
        if (k + 1 == w.size()) {
            if (left < lower)
                return;
            v[k] = left;
            any = true;
            for (std::size_t j = 0; j < w.size(); ++j)
                lo[j] = std::min(lo[j], v[j]), hi[j] = std::max(hi[j], v[j]);
            return;
        }
        for (int x = lower; x <= left; ++x) {
            v[k] = x;
            fill(k + 1, left - x);
        }
    };
    fill(0, remainder);
    std::size_t pinned = 0;
    for (std::size_t j = 0; any && j < w.size(); ++j)
        pinned += lo[j] == hi[j] ? 1 : 0;
    return pinned;
}

std::vector<std::size_t> all_of(std::size_t n)
{
    std::vector<std::size_t> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = i;
    return v;
}

}  // namespace

TEST(TotalSuppression, WithheldOnesTakeAPartnerOfTwoOrMore)
{
    // Five withheld weekdays summing to the published 14 − 9 = 5 would each be 1 to an attacker
    // who takes "withheld" to mean "not empty" (zeros are published): 9 goes with them.
    const std::vector<double> c{1, 1, 1, 1, 1, 0, 9};
    EXPECT_GT(pinned_in_line(c, {1, 1, 1, 1, 1, 0, 0}, 1), 0u);
    const auto h = withhold_with_total(c, all_of(7), 5);
    EXPECT_EQ(h, (std::vector<char>{1, 1, 1, 1, 1, 0, 1}));
    EXPECT_EQ(pinned_in_line(c, h, 0), 0u);
    EXPECT_EQ(pinned_in_line(c, h, 1), 0u);
}

TEST(TotalSuppression, OnlyZerosAndOnesBesideWithholdTheWholeLine)
{
    // No count of 2 or more to pair with: every cell, zeros included, is withheld.
    EXPECT_EQ(withhold_with_total({1, 0, 1, 0}, all_of(4), 5), (std::vector<char>{1, 1, 1, 1}));
    // A lone 2 with a zero would be read as 1 + 1 under "withheld means not empty".
    EXPECT_EQ(withhold_with_total({0, 0, 2, 0}, all_of(4), 5), (std::vector<char>{1, 1, 1, 1}));
}

TEST(TotalSuppression, RandomLinesPinNothingUnderEitherReading)
{
    std::mt19937 rng(7);
    for (int round = 0; round < 500; ++round) {
        std::vector<double> c(7);
        for (auto& v : c)
            v = static_cast<double>(rng() % 3 == 0 ? 0 : rng() % 8);
        const auto h = withhold_with_total(c, all_of(7), 5);
        for (std::size_t i = 0; i < c.size(); ++i)
            if (c[i] >= 1 && c[i] < 5) {
                EXPECT_TRUE(h[i]) << "round " << round;
            }
        EXPECT_EQ(pinned_in_line(c, h, 0), 0u) << "round " << round;
        EXPECT_EQ(pinned_in_line(c, h, 1), 0u) << "round " << round;
    }
}

TEST(TotalSuppression, ThresholdOneOrLessWithholdsNothing)
{
    const std::vector<double> c{1, 2};
    EXPECT_EQ(withhold_with_total(c, {0, 1}, 1), (std::vector<char>{0, 0}));
    EXPECT_EQ(withhold_with_total(c, {0, 1}, 0), (std::vector<char>{0, 0}));
}
