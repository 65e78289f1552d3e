// SPDX-License-Identifier: MIT
// Reference numbers computed independently with SciPy (Debian python3-scipy):
//   lo = beta.ppf(0.025, b, a + 1) (0 when b = 0); hi = beta.ppf(0.975, b + 1, a) (1 when a = 0)
//   kvot = (b / a) * (P_from / P_to); bounds = p / (1 - p) * (P_from / P_to)
#include <trygg/stats/rate_change.hpp>

#include <gtest/gtest.h>

using trygg::stats::ChangeOutcome;
using trygg::stats::rate_change;

namespace {
void expect_near_rel(double expected, double actual)
{
    EXPECT_NEAR(expected, actual, 1e-9 * expected) << "expected " << expected << " got " << actual;
}
}  // namespace

TEST(RateChange, EqualPopulationsMatchScipyClopperPearson)
{
    const auto c = rate_change(150, 139, 21000.0, 21000.0);
    ASSERT_TRUE(c.ratio && c.lower && c.upper);
    expect_near_rel(0.9266666666666666, *c.ratio);
    expect_near_rel(0.730370967492829, *c.lower);
    expect_near_rel(1.1750601758870696, *c.upper);
    EXPECT_EQ(ChangeOutcome::uncertain, c.outcome);
}

TEST(RateChange, PopulationsScaleTheRatioAndItsInterval)
{
    const auto c = rate_change(150, 139, 20500.0, 21000.0);
    expect_near_rel(0.9046031746031745, *c.ratio);
    expect_near_rel(0.7129811825525235, *c.lower);
    expect_near_rel(1.147082552651663, *c.upper);

    const auto up = rate_change(10, 30, 1000.0, 1200.0);
    expect_near_rel(2.5, *up.ratio);
    expect_near_rel(1.1895070584596543, *up.lower);
    expect_near_rel(5.7327514758486044, *up.upper);
    EXPECT_EQ(ChangeOutcome::increase, up.outcome);

    const auto down = rate_change(40, 20, 5000.0, 5000.0);
    expect_near_rel(0.5, *down.ratio);
    expect_near_rel(0.2769262981324649, *down.lower);
    expect_near_rel(0.87572452700229, *down.upper);
    EXPECT_EQ(ChangeOutcome::decrease, down.outcome);
}

TEST(RateChange, WithoutPopulationTheRatioIsOfCounts)
{
    const auto c = rate_change(5, 5, std::nullopt, 1200.0);
    expect_near_rel(1.0, *c.ratio);
    expect_near_rel(0.23014246893810794, *c.lower);
    expect_near_rel(4.345134579523997, *c.upper);
    const auto zero_pop = rate_change(5, 5, 0.0, 0.0);
    expect_near_rel(1.0, *zero_pop.ratio);
}

TEST(RateChange, ZeroBeforeHasNoUpperBoundAndCanStillBeAnIncrease)
{
    const auto c = rate_change(0, 7, 100.0, 100.0);
    EXPECT_FALSE(c.ratio);
    EXPECT_FALSE(c.upper);
    expect_near_rel(1.441308518835239, *c.lower);
    EXPECT_EQ(ChangeOutcome::increase, c.outcome);
}

TEST(RateChange, ZeroAfterHasLowerBoundZero)
{
    const auto c = rate_change(6, 0, 100.0, 100.0);
    EXPECT_EQ(0.0, *c.ratio);
    EXPECT_EQ(0.0, *c.lower);
    expect_near_rel(0.8493111942973236, *c.upper);
    EXPECT_EQ(ChangeOutcome::decrease, c.outcome);
}

TEST(RateChange, ZeroInBothIsMissingAndAWithheldCountIsWithheld)
{
    const auto none = rate_change(0, 0, 100.0, 100.0);
    EXPECT_EQ(ChangeOutcome::missing, none.outcome);
    EXPECT_FALSE(none.ratio || none.lower || none.upper);
    for (const auto& c : {rate_change(std::nullopt, 7, 1.0, 1.0), rate_change(7, std::nullopt, 1.0, 1.0)}) {
        EXPECT_EQ(ChangeOutcome::withheld, c.outcome);
        EXPECT_FALSE(c.ratio || c.lower || c.upper);
    }
    EXPECT_STREQ("undertryckt", trygg::stats::outcome_id(ChangeOutcome::withheld));
    EXPECT_STREQ("saknas", trygg::stats::outcome_id(ChangeOutcome::missing));
}

TEST(RateChange, OneAgainstOneIsUncertainAndWide)
{
    const auto c = rate_change(1, 1, 1.0, 1.0);
    expect_near_rel(0.012739367083666617, *c.lower);
    expect_near_rel(78.49683531626285, *c.upper);
    EXPECT_EQ(ChangeOutcome::uncertain, c.outcome);
}
