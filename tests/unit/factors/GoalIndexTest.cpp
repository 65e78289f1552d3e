// SPDX-License-Identifier: MIT
// Normalisation, direction and weighting with hand-computed values.
#include <trygg/factors/goal_index.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace trygg::factors;

namespace {
constexpr double missing = std::numeric_limits<double>::quiet_NaN();
}

TEST(Normalise, ZScoreUsesThePopulationSdOverDistrictsWithAValue)
{
    // 1,2,3,4: mean 2.5, variance (2.25+0.25+0.25+2.25)/4 = 1.25, sd = 1.118034.
    auto z = normalise({1, 2, 3, 4, missing}, Normalisation::z_score);
    EXPECT_NEAR(z[0], -1.5 / std::sqrt(1.25), 1e-12);
    EXPECT_NEAR(z[1], -0.5 / std::sqrt(1.25), 1e-12);
    EXPECT_NEAR(z[3], 1.341641, 1e-6);
    EXPECT_TRUE(std::isnan(z[4]));
}

TEST(Normalise, ConstantIndicatorGivesZero)
{
    auto z = normalise({7, 7, 7}, Normalisation::z_score);
    EXPECT_EQ(z, (std::vector<double>{0, 0, 0}));
}

TEST(Normalise, PercentileUsesAverageRanksForTies)
{
    auto p = normalise({10, 30, 20, 40}, Normalisation::percentile);
    EXPECT_NEAR(p[0], 0.0, 1e-12);
    EXPECT_NEAR(p[2], 100.0 / 3, 1e-12);
    EXPECT_NEAR(p[1], 200.0 / 3, 1e-12);
    EXPECT_NEAR(p[3], 100.0, 1e-12);
    // Ties 1,1,2: 0-based ranks 0,1 -> 0.5 each -> 100*0.5/2 = 25.
    auto t = normalise({1, 1, 2}, Normalisation::percentile);
    EXPECT_NEAR(t[0], 25.0, 1e-12);
    EXPECT_NEAR(t[1], 25.0, 1e-12);
    EXPECT_NEAR(t[2], 100.0, 1e-12);
}

TEST(Direction, ProtectiveFactorsAreTurnedToRisk)
{
    EXPECT_EQ(directed(1.5, Direction::risk, Normalisation::z_score), 1.5);
    EXPECT_EQ(directed(1.5, Direction::protective, Normalisation::z_score), -1.5);
    EXPECT_EQ(directed(80, Direction::protective, Normalisation::percentile), 20);
}

TEST(GoalIndex, WeightedMeanOfDirectedValuesPerGoal)
{
    // Goal 1: a risk indicator (weight 2) and a protective one (weight 1), three districts.
    // risk raw 1,2,3 -> z = -1.224745, 0, 1.224745 (sd = sqrt(2/3)).
    // protective raw 10,10,40 -> mean 20, sd = sqrt((100+100+400)/3) = 14.142136
    //   -> z = -0.707107, -0.707107, 1.414214 -> turned: 0.707107, 0.707107, -1.414214.
    // Scores: d0 (2*-1.224745 + 0.707107)/3 = -0.580794; d1 0.707107/3 = 0.235702;
    //         d2 (2*1.224745 - 1.414214)/3 = 0.345092.
    std::vector<IndicatorValues> ind{{1, Direction::risk, 2.0, {1, 2, 3}},
                                     {1, Direction::protective, 1.0, {10, 10, 40}}};
    auto gi = goal_index(ind, 3, {});
    EXPECT_NEAR(gi.score[0][0], -0.580794, 1e-6);
    EXPECT_NEAR(gi.score[0][1], 0.235702, 1e-6);
    EXPECT_NEAR(gi.score[0][2], 0.345092, 1e-6);
    EXPECT_EQ(gi.rank[0], (std::vector<int>{3, 2, 1}));
    EXPECT_EQ(gi.available[0], (std::vector<int>{2, 2, 2}));
    EXPECT_EQ(gi.indicator_count[0], 2);
    EXPECT_EQ(gi.indicator_count[1], 0);
    EXPECT_TRUE(std::isnan(gi.score[1][0]));
    EXPECT_NEAR(gi.overall[2], 0.345092, 1e-6);  // only goal 1 has indicators
}

TEST(GoalIndex, MissingRuleReweightsOrLeavesTheScoreEmpty)
{
    // District 2 lacks the weight-2 indicator: it has 1/3 of the goal's weight.
    std::vector<IndicatorValues> ind{{5, Direction::risk, 2.0, {1, 3, missing}},
                                     {5, Direction::risk, 1.0, {0, 1, 2}}};
    auto strict = goal_index(ind, 3, {Normalisation::z_score, 0.5});
    EXPECT_TRUE(std::isnan(strict.score[4][2]));
    EXPECT_EQ(strict.available[4][2], 1);
    EXPECT_EQ(strict.rank[4][2], 0);
    auto lenient = goal_index(ind, 3, {Normalisation::z_score, 0.3});
    // Second indicator 0,1,2: z = -1.224745, 0, 1.224745; district 2 keeps only that one.
    EXPECT_NEAR(lenient.score[4][2], 1.224745, 1e-6);
    // District 0: first indicator 1,3 -> z -1, 1; (2*-1 + 1*-1.224745)/3 = -1.074915.
    EXPECT_NEAR(lenient.score[4][0], -1.074915, 1e-6);
}

TEST(GoalIndex, FewerGoalsAreAveragedButNotRankedAgainstFullCoverage)
{
    // Percentiles over 4 districts: goal 1 values 1,2,3,4 -> 0, 33.3, 66.7, 100; goal 2 values
    // 4,3,missing,1 -> 100, 50, -, 0. District 2 has goal 1 only: its mean (66.7) is over one goal.
    GoalIndexOptions o;
    o.normalisation = Normalisation::percentile;
    const auto idx = goal_index({{1, Direction::risk, 1.0, {1, 2, 3, 4}}, {2, Direction::risk, 1.0, {4, 3, missing, 1}}},
                                4, o);
    EXPECT_EQ(idx.goals_in_run(), 2);
    EXPECT_EQ(idx.goals_scored, (std::vector<int>{2, 2, 1, 2}));
    EXPECT_NEAR(idx.overall[0], 50.0, 1e-12);             // (0 + 100) / 2
    EXPECT_NEAR(idx.overall[1], (100.0 / 3 + 50) / 2, 1e-12);
    EXPECT_NEAR(idx.overall[2], 200.0 / 3, 1e-12);        // goal 1 alone
    EXPECT_NEAR(idx.overall[3], 50.0, 1e-12);             // (100 + 0) / 2
    // Ranked among 0, 1, 3 only: 0 and 3 tie at 50 (rank 1), then 1 at 41.7 (rank 3).
    EXPECT_EQ(idx.overall_rank, (std::vector<int>{1, 3, 0, 1}));
}
