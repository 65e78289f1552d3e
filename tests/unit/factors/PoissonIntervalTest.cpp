// SPDX-License-Identifier: MIT
// Exact Poisson intervals against published values (Garwood 1936; tabulated e.g. in Ulm 1990,
// Am J Epidemiol 131:373 and in every epidemiology text): 95 % limits for 0, 1 and 10 events.
#include <trygg/factors/poisson_interval.hpp>

#include <gtest/gtest.h>

#include <cmath>

using trygg::factors::exact_poisson_interval;
using trygg::factors::rate_ratio;

TEST(PoissonInterval, ZeroEventsGivesZeroToMinusLogOfTwoAndAHalfPercent)
{
    auto ci = exact_poisson_interval(0);
    EXPECT_EQ(ci.lower, 0.0);
    // Upper: P(X = 0 | mu) = 0.025 -> mu = -ln(0.025) = 3.68888.
    EXPECT_NEAR(ci.upper, -std::log(0.025), 1e-9);
    EXPECT_NEAR(ci.upper, 3.689, 5e-4);
}

TEST(PoissonInterval, OneEventMatchesPublishedLimits)
{
    auto ci = exact_poisson_interval(1);
    // Lower: P(X >= 1 | mu) = 0.025 -> 1 - exp(-mu) = 0.025 -> mu = -ln(0.975).
    EXPECT_NEAR(ci.lower, -std::log(0.975), 1e-9);
    EXPECT_NEAR(ci.lower, 0.0253, 5e-5);
    EXPECT_NEAR(ci.upper, 5.572, 5e-4);
}

TEST(PoissonInterval, TenEventsMatchesPublishedLimits)
{
    auto ci = exact_poisson_interval(10);
    EXPECT_NEAR(ci.lower, 4.795, 5e-4);
    EXPECT_NEAR(ci.upper, 18.390, 5e-4);
}

TEST(PoissonInterval, NinetyPercentForOneEvent)
{
    auto ci = exact_poisson_interval(1, 0.90);
    EXPECT_NEAR(ci.lower, -std::log(0.95), 1e-9);  // 0.0513
    // Upper solves exp(-mu)(1 + mu) = 0.05: 4.7439 (tabulated).
    EXPECT_NEAR(std::exp(-ci.upper) * (1 + ci.upper), 0.05, 1e-9);
    EXPECT_NEAR(ci.upper, 4.744, 5e-4);
}

TEST(RateRatio, DividesTheCountIntervalByTheExpectedCount)
{
    auto rr = rate_ratio(10, 5);
    EXPECT_DOUBLE_EQ(rr.ratio, 2.0);
    EXPECT_NEAR(rr.interval.lower, 4.795 / 5, 1e-4);
    EXPECT_NEAR(rr.interval.upper, 18.390 / 5, 1e-4);
    EXPECT_TRUE(std::isnan(rate_ratio(3, 0).ratio));
}
