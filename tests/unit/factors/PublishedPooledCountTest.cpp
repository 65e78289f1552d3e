// SPDX-License-Identifier: MIT
#include <trygg/factors/published_pooled_count.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;
using namespace trygg::factors;

namespace {

constexpr double withheld = std::numeric_limits<double>::quiet_NaN();

// Four districts, two periods, one group, only the alla/alla cell; `counts[p][d]` published,
// NaN withheld; `total[p]` the municipal cell (NaN withheld).
stats::AggregateResult result(const std::vector<std::vector<double>>& counts, const std::vector<double>& total)
{
    stats::AggregateResult r;
    r.periods = {"2024H1", "2024H2"};
    r.groups = {"vald"};
    r.sex_labels = {"alla"};
    r.age_labels = {"alla"};
    r.district_count = 4;
    r.options.suppress_below = 5;
    for (int d = 0; d <= 4; ++d)
        for (int p = 0; p < 2; ++p) {
            stats::AggregateCell c;
            c.district = d == 4 ? -1 : d;
            c.period = static_cast<std::uint16_t>(p);
            c.count = d == 4 ? total[p] : counts[p][d];
            c.suppressed = std::isnan(c.count);
            r.cells.push_back(c);
        }
    return r;
}

}  // namespace

TEST(PublishedPooledCount, WithheldCellsShareTheirPeriodsMargin)
{
    // 2024H1: 10 + ? + ? + 7 = 20, so the two withheld cells are 3 together: 1.5 each.
    // 2024H2: 8 + 6 + ? + 9 = 25: the one withheld... cannot be alone in a real table, but the
    // rule still shares the margin: 2. Totals: A 18, B 7.5, C 3.5, D 16.
    const auto r = result({{10, withheld, withheld, 7}, {8, 6, withheld, 9}}, {20, 25});
    const auto out = published_pooled_counts(r, 0, {0, 1});
    EXPECT_EQ(out.count, (std::vector<double>{18, 7.5, 3.5, 16}));
    EXPECT_EQ(out.estimated, (std::vector<char>{0, 1, 1, 0}));
    // One period only.
    const auto h2 = published_pooled_counts(r, 0, {1});
    EXPECT_EQ(h2.count, (std::vector<double>{8, 6, 2, 9}));
    EXPECT_EQ(h2.estimated, (std::vector<char>{0, 0, 1, 0}));
}

TEST(PublishedPooledCount, WithheldMunicipalTotalFallsBackToTheMiddleOfTheWithheldRange)
{
    // The total withheld as well: the withheld cells together are suppress_below / 2 = 2.5 (a
    // public rule), 1.25 each.
    const auto r = result({{0, withheld, withheld, 0}, {0, 0, 0, 0}}, {withheld, 0});
    const auto out = published_pooled_counts(r, 0, {0, 1});
    EXPECT_EQ(out.count, (std::vector<double>{0, 1.25, 1.25, 0}));
    EXPECT_EQ(out.estimated, (std::vector<char>{0, 1, 1, 0}));
}

TEST(PublishedPooledCount, NothingWithheldIsTheExactPooledCount)
{
    const auto r = result({{10, 0, 5, 7}, {8, 6, 0, 9}}, {22, 23});
    const auto out = published_pooled_counts(r, 0, {0, 1});
    EXPECT_EQ(out.count, (std::vector<double>{18, 6, 5, 16}));
    EXPECT_EQ(out.estimated, (std::vector<char>{0, 0, 0, 0}));
}
