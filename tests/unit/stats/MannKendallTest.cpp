// SPDX-License-Identifier: MIT
// Mann–Kendall against hand calculations (the scipy comparison is end to end, in
// tests/cli/test_emerging_hotspots.py, which computes scipy.stats.kendalltau in the test).
#include <trygg/stats/mann_kendall.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using trygg::stats::mann_kendall;

TEST(MannKendall, HandCalculationWithoutTies)
{
    // Pairs of 1,3,2,4: five concordant, one discordant (3,2): S = 4.
    // Var S = n(n-1)(2n+5)/18 = 4·3·13/18; tau = S / (n(n-1)/2) = 4/6.
    const auto r = mann_kendall(std::vector<double>{1, 3, 2, 4});
    EXPECT_EQ(r.n, 4u);
    EXPECT_DOUBLE_EQ(r.s, 4.0);
    EXPECT_NEAR(r.variance, 156.0 / 18.0, 1e-12);
    EXPECT_NEAR(r.tau, 4.0 / 6.0, 1e-12);
    EXPECT_NEAR(r.z, 4.0 / std::sqrt(156.0 / 18.0), 1e-12);
    EXPECT_NEAR(r.p, std::erfc(r.z / std::sqrt(2.0)), 1e-12);
}

TEST(MannKendall, TiesCorrectTheVarianceAndTau)
{
    // 1,1,2,3: S = 5 (the tied pair counts 0); one tie group of t = 2 removes
    // t(t-1)(2t+5) = 18 from 156; tau-b = 5 / sqrt(6 · (6 - 1)).
    const auto r = mann_kendall(std::vector<double>{1, 1, 2, 3});
    EXPECT_DOUBLE_EQ(r.s, 5.0);
    EXPECT_NEAR(r.variance, (156.0 - 18.0) / 18.0, 1e-12);
    EXPECT_NEAR(r.tau, 5.0 / std::sqrt(30.0), 1e-12);
    EXPECT_NEAR(r.z, 5.0 / std::sqrt(138.0 / 18.0), 1e-12);
}

TEST(MannKendall, DecreasingSeriesIsNegativeAndConstantHasNoTrend)
{
    const auto down = mann_kendall(std::vector<double>{5, 4, 3, 2, 1});
    EXPECT_DOUBLE_EQ(down.s, -10.0);
    EXPECT_NEAR(down.tau, -1.0, 1e-12);
    EXPECT_LT(down.z, 0.0);
    const auto flat = mann_kendall(std::vector<double>{2, 2, 2});
    EXPECT_DOUBLE_EQ(flat.s, 0.0);
    EXPECT_DOUBLE_EQ(flat.z, 0.0);
    EXPECT_DOUBLE_EQ(flat.p, 1.0);
    EXPECT_TRUE(std::isnan(flat.tau));
}

TEST(MannKendall, SkipsNaNAndHandlesShortSeries)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto r = mann_kendall(std::vector<double>{1, nan, 3, 2, 4});
    EXPECT_EQ(r.n, 4u);
    EXPECT_DOUBLE_EQ(r.s, 4.0);
    const auto one = mann_kendall(std::vector<double>{7});
    EXPECT_DOUBLE_EQ(one.p, 1.0);
}
