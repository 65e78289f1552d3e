// SPDX-License-Identifier: MIT
// Spearman and top-quartile AUC against hand calculations.
#include <trygg/factors/index_validation.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg::factors;

TEST(IndexValidation, SpearmanAndAucByHand)
{
    // Outcome ranks differ from the score's by 1 everywhere: sum d^2 = 8, rho = 1 - 6*8/(8*63).
    // The top quartile (2 of 8: outcomes 8 and 7) has scores 7 and 8, above every other: AUC 1.
    const auto m = validate_ranking({1, 2, 3, 4, 5, 6, 7, 8}, {2, 1, 4, 3, 6, 5, 8, 7});
    EXPECT_EQ(m.districts, 8u);
    EXPECT_EQ(m.top_quartile, 2u);
    EXPECT_NEAR(m.spearman, 1.0 - 48.0 / 504.0, 1e-12);
    EXPECT_NEAR(m.auc, 1.0, 1e-12);
}

TEST(IndexValidation, TiesAndMissingValues)
{
    // Score ranks 1.5 1.5 3.5 3.5 against 1 2 3 4: r = 4 / sqrt(4 * 5). The positive (outcome 4)
    // scores 2: above two negatives and tied with one, AUC (1 + 1 + 0.5) / 3.
    const double na = std::nan("");
    const auto m = validate_ranking({1, 1, 2, 2, na, 9}, {1, 2, 3, 4, 5, na});
    EXPECT_EQ(m.districts, 4u);
    EXPECT_NEAR(m.spearman, 4.0 / std::sqrt(20.0), 1e-12);
    EXPECT_NEAR(m.auc, 2.5 / 3.0, 1e-12);
    // A ranking that gets the order backwards.
    const auto r = validate_ranking({4, 3, 2, 1}, {1, 2, 3, 4});
    EXPECT_NEAR(r.spearman, -1.0, 1e-12);
    EXPECT_NEAR(r.auc, 0.0, 1e-12);
    EXPECT_TRUE(std::isnan(validate_ranking({1, 2}, {1, 2}).spearman));
}

TEST(IndexValidation, AverageRanks)
{
    const auto r = average_ranks({10, 20, 10, std::nan(""), 5});
    EXPECT_DOUBLE_EQ(r[0], 2.5);
    EXPECT_DOUBLE_EQ(r[1], 4.0);
    EXPECT_DOUBLE_EQ(r[2], 2.5);
    EXPECT_TRUE(std::isnan(r[3]));
    EXPECT_DOUBLE_EQ(r[4], 1.0);
}
