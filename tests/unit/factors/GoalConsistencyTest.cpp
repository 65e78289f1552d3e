// SPDX-License-Identifier: MIT
// Internal consistency per goal against hand calculations (see the numbers in the comments).
#include <trygg/factors/goal_consistency.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg::factors;

// x1 = 1..5, x2 = 2 1 4 3 5, x3 = 5..1 (planted with the wrong sign). Deviations from the
// mean 3: x1 -2 -1 0 1 2, x2 -1 -2 1 0 2, x3 2 1 0 -1 -2, each sum of squares 10:
// r12 = 8/10 = 0.8, r13 = -10/10 = -1, r23 = -8/10 = -0.8. Mean r = -1/3, so the standardised
// alpha = 3(-1/3) / (1 + 2(-1/3)) = -3 (and k/(k-1)(1 - 3/var(sum z)) with
// var(sum z) = 3 + 2(0.8 - 1 - 0.8) = 1 gives the same). Without x3: 2(0.8)/1.8 = 0.8889.
// Item-rest of x3: rest = z1 + z2 ~ -3 -3 1 1 4 (sum of squares 36), cross-products with x3
// -18: r = -18 / sqrt(360) = -0.94868. Largest eigenvalue of the correlation matrix (root of
// det(R - l I) by bisection) 2.7369317, share 0.9123106.
TEST(GoalConsistency, AlphaItemRestAndFirstComponentByHand)
{
    std::vector<ConsistencyInput> in{{"x1", 1, {1, 2, 3, 4, 5}},
                                     {"x2", 1, {2, 1, 4, 3, 5}},
                                     {"x3", 1, {5, 4, 3, 2, 1}}};
    const auto res = goal_consistency(in);
    ASSERT_EQ(res.size(), 1u);
    const auto& g = res[0];
    EXPECT_EQ(g.complete_cases, 5u);
    EXPECT_NEAR(g.correlation[0][1], 0.8, 1e-12);
    EXPECT_NEAR(g.correlation[0][2], -1.0, 1e-12);
    EXPECT_NEAR(g.correlation[1][2], -0.8, 1e-12);
    EXPECT_NEAR(g.alpha, -3.0, 1e-9);
    EXPECT_NEAR(g.items[2].alpha_without, 0.8 * 2 / 1.8, 1e-9);
    EXPECT_NEAR(g.items[2].item_rest, -18.0 / std::sqrt(360.0), 1e-9);
    EXPECT_TRUE(g.items[2].against_direction);
    EXPECT_FALSE(g.items[0].against_direction);
    EXPECT_FALSE(g.items[1].against_direction);
    EXPECT_NEAR(g.pc1_share, 2.736931687685298 / 3.0, 1e-9);
}

TEST(GoalConsistency, CompleteCasesDuplicatesAndShortGoals)
{
    const double na = std::nan("");
    std::vector<ConsistencyInput> in{{"a", 2, {1, 2, 3, 4, na, 6}},
                                     {"b", 2, {2, 4, 6, 8, 10, na}},  // = 2a: a duplicate
                                     {"c", 3, {1, 2, 3, 4, 5, 6}}};
    const auto res = goal_consistency(in);
    ASSERT_EQ(res.size(), 2u);
    EXPECT_EQ(res[0].goal, 2);
    EXPECT_EQ(res[0].complete_cases, 4u);
    EXPECT_NEAR(res[0].alpha, 1.0, 1e-12);
    EXPECT_EQ(res[0].items[0].duplicates, std::optional<std::string>("b"));
    EXPECT_NEAR(res[0].pc1_share, 1.0, 1e-12);
    // One indicator: nothing to be consistent with.
    EXPECT_EQ(res[1].goal, 3);
    EXPECT_TRUE(std::isnan(res[1].alpha));
    EXPECT_TRUE(std::isnan(res[1].items[0].item_rest));
    EXPECT_FALSE(res[1].items[0].against_direction);
}

TEST(GoalConsistency, JacobiEigenvaluesOfADiagonalisableMatrix)
{
    // [[2,1],[1,2]]: eigenvalues 3 and 1.
    const auto ev = symmetric_eigenvalues({{2, 1}, {1, 2}});
    EXPECT_NEAR(ev[0], 3.0, 1e-12);
    EXPECT_NEAR(ev[1], 1.0, 1e-12);
}

TEST(GoalConsistency, TwoIndicatorsAgainstEachOtherAreBothFlagged)
{
    const auto res = goal_consistency({{"a", 1, {1, 2, 3, 4}}, {"b", 1, {4, 3, 1, 2}}});
    EXPECT_TRUE(res[0].items[0].against_direction);
    EXPECT_TRUE(res[0].items[1].against_direction);
}
