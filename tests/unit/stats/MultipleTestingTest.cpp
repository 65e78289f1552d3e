// SPDX-License-Identifier: MIT
#include <trygg/stats/multiple_testing.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace trygg;

TEST(MultipleTesting, F1BenjaminiHochbergCutoff)
{
    const std::vector<double> p{0.001, 0.01, 0.02, 0.04, 0.2};
    EXPECT_NEAR(stats::fdr_cutoff(p, 0.05), 0.03, 1e-15);
    EXPECT_NEAR(stats::bonferroni_cutoff(p, 0.05), 0.01, 1e-15);
}

TEST(MultipleTesting, NothingPassingFallsBackToBonferroni)
{
    const std::vector<double> p{0.5, 0.6, 0.7, 0.8};
    EXPECT_NEAR(stats::fdr_cutoff(p, 0.05), 0.0125, 1e-15);
}

TEST(MultipleTesting, NaNPValuesAreIgnored)
{
    const std::vector<double> p{0.001, std::nan(""), 0.01, 0.02, 0.04, 0.2};
    EXPECT_NEAR(stats::fdr_cutoff(p, 0.05), 0.03, 1e-15);
}

TEST(MultipleTesting, F1WarnsWhenTheCutoffIsBelowTheSmallestPseudoP)
{
    std::vector<double> p(100, 0.5);
    p[0] = 0.001;  // the best 999 permutations can do
    const auto c = stats::significance_cutoff(p, 0.05, stats::Correction::fdr, 999);
    EXPECT_NEAR(c.value, 0.0005, 1e-15);  // nothing passes: alpha/n
    ASSERT_TRUE(c.warning.has_value());
    EXPECT_NE(c.warning->find("0.001"), std::string::npos) << *c.warning;
    EXPECT_NE(c.warning->find("permutations"), std::string::npos) << *c.warning;
    // The same cut-off with analytic p-values is attainable: no warning.
    EXPECT_FALSE(stats::significance_cutoff(p, 0.05, stats::Correction::fdr, 0).warning.has_value());
    EXPECT_FALSE(stats::significance_cutoff(p, 0.05, stats::Correction::none, 999).warning.has_value());
}
