#include <trygg/stats/total_suppression.hpp>

#include <gtest/gtest.h>

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
    const std::vector<double> c{0, 0, 3, 0};
    const auto h = withhold_with_total(c, {0, 1, 2, 3}, 5);
    EXPECT_EQ(h, (std::vector<char>{1, 0, 1, 0}));
}

TEST(TotalSuppression, ThresholdOneOrLessWithholdsNothing)
{
    const std::vector<double> c{1, 2};
    EXPECT_EQ(withhold_with_total(c, {0, 1}, 1), (std::vector<char>{0, 0}));
    EXPECT_EQ(withhold_with_total(c, {0, 1}, 0), (std::vector<char>{0, 0}));
}
