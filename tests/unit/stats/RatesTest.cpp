// SPDX-License-Identifier: MIT
// Rates against hand calculations: e = (1, 3, 0), b = (100, 100, 200).
// m = 4/400 = 0.01; rates 0.01, 0.03, 0; s² = (0 + 100·0.0004 + 200·0.0001)/400 = 0.00015;
// a = 0.00015 - 0.01/(400/3) = 0.000075.
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/rates.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

namespace {
const std::vector<double> e{1, 3, 0};
const std::vector<double> b{100, 100, 200};
}  // namespace

TEST(Rates, CrudePerThousand)
{
    const auto r = stats::crude_rates(e, b, 1000.0);
    EXPECT_DOUBLE_EQ(r[0], 10.0);
    EXPECT_DOUBLE_EQ(r[1], 30.0);
    EXPECT_DOUBLE_EQ(r[2], 0.0);
}

TEST(Rates, GlobalEmpiricalBayesShrinksTowardTheMean)
{
    const auto r = stats::eb_global(e, b);
    // C = a/(a + m/b): 0.000075/0.000175 = 3/7 for b = 100, 0.000075/0.000125 = 0.6 for b = 200.
    EXPECT_NEAR(r[0], 0.01, 1e-15);
    EXPECT_NEAR(r[1], 0.01 + 3.0 / 7.0 * 0.02, 1e-15);
    EXPECT_NEAR(r[2], 0.01 - 0.6 * 0.01, 1e-15);
}

TEST(Rates, SpatialEbWithEveryoneNeighboursEqualsGlobalEb)
{
    const auto w = spatial::Weights::from_pairs(3, {{0, 1}, {0, 2}, {1, 2}});
    const auto s = stats::eb_spatial(e, b, w);
    const auto g = stats::eb_global(e, b);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_NEAR(s[i], g[i], 1e-15);
}

TEST(Rates, AssuncaoReisStandardisation)
{
    const auto r = stats::eb_standardise(e, b);
    EXPECT_NEAR(r[0], 0.0, 1e-15);
    EXPECT_NEAR(r[1], 0.02 / std::sqrt(0.000175), 1e-12);
    EXPECT_NEAR(r[2], -0.01 / std::sqrt(0.000125), 1e-12);
}

TEST(Rates, ZeroPopulationIsAnErrorNamingTheUnit)
{
    const std::vector<std::string> ids{"1980C1010", "1980C1020", "1980C1030"};
    try {
        stats::crude_rates(e, std::vector<double>{100, 0, 200}, 1000.0, ids);
        FAIL();
    } catch (const core::DataError& err) {
        EXPECT_NE(std::string(err.what()).find("1980C1020"), std::string::npos) << err.what();
    }
}
