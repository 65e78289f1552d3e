// SPDX-License-Identifier: MIT
// Before/after evaluation: the odds ratio of Welsh & Farrington (2009) and the weighted
// displacement quotient of Bowers & Johnson (2003), against hand calculations.
//
// Worked example (numbers chosen so every step can be done by hand; the formulas are those of
// the papers: W&F 2009, Justice Quarterly 26(4), section "Analysis", OR = ad/bc with a, b the
// experimental area before/after and c, d the control before/after, Var(ln OR) = 1/a+1/b+1/c+1/d;
// Bowers & Johnson 2003, J. Quant. Criminol. 19(3), WDQ = (B1/C1 - B0/C0)/(A1/C1 - A0/C0)):
//   target 100 before, 60 after; control 200 before, 180 after; buffer 80 before, 70 after.
#include <trygg/stats/before_after.hpp>
#include <trygg/stats/wdq.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg::stats;

TEST(BeforeAfter, OddsRatioAndIntervalByHand)
{
    const auto r = welsh_farrington_odds_ratio(100, 60, 200, 180);
    // OR = (100·180)/(60·200) = 18000/12000 = 1.5: the target fell 40 %, the control 10 %.
    EXPECT_NEAR(r.odds_ratio, 1.5, 1e-12);
    // Var(ln OR) = 1/100 + 1/60 + 1/200 + 1/180 = 0.0372222...
    EXPECT_NEAR(r.log_variance, 0.01 + 1.0 / 60 + 0.005 + 1.0 / 180, 1e-15);
    // 95 %: exp(ln 1.5 ∓ 1.959964 · √0.0372222) = exp(0.405465 ∓ 0.378138) = 1.027705 .. 2.189344.
    EXPECT_NEAR(r.ci_low, 1.0277048871906327, 1e-9);
    EXPECT_NEAR(r.ci_high, 2.189344458748924, 1e-9);
    EXPECT_NEAR(r.z, 2.101611027417456, 1e-9);
    EXPECT_NEAR(r.p, std::erfc(r.z / std::sqrt(2.0)), 1e-12);
    // Relative to the control: 1/1.5 - 1 = -1/3 (a third fewer than the control's trend predicts).
    EXPECT_NEAR(r.relative_change, -1.0 / 3.0, 1e-12);
    EXPECT_NEAR(r.relative_change_low, 1 / 2.189344458748924 - 1, 1e-9);
    EXPECT_NEAR(r.relative_change_high, 1 / 1.0277048871906327 - 1, 1e-9);
}

TEST(BeforeAfter, NoChangeGivesOneAndZeroCountsGiveNaN)
{
    const auto same = welsh_farrington_odds_ratio(50, 50, 80, 80);
    EXPECT_NEAR(same.odds_ratio, 1.0, 1e-12);
    EXPECT_LT(same.ci_low, 1.0);
    EXPECT_GT(same.ci_high, 1.0);
    EXPECT_NEAR(same.p, 1.0, 1e-12);
    EXPECT_TRUE(std::isnan(welsh_farrington_odds_ratio(0, 5, 10, 10).odds_ratio));
}

TEST(Wdq, QuotientByHand)
{
    // success = 60/180 - 100/200 = 1/3 - 1/2 = -1/6; buffer = 70/180 - 80/200 = 7/18 - 2/5 = -1/90;
    // WDQ = (-1/90)/(-1/6) = 6/90 = 1/15: a small diffusion of benefits.
    const auto w = weighted_displacement_quotient(100, 60, 80, 70, 200, 180);
    EXPECT_NEAR(w.success, -1.0 / 6.0, 1e-12);
    EXPECT_NEAR(w.buffer_displacement, -1.0 / 90.0, 1e-12);
    EXPECT_NEAR(w.wdq, 1.0 / 15.0, 1e-12);
    EXPECT_EQ(wdq_reading_sv(w), "spridning av nytta till buffertzonen");
}

TEST(Wdq, DisplacementAndNoSuccess)
{
    // Buffer rises from 80 to 110 while the target falls: 110/180 - 0.4 = 0.2111; WDQ = -1.2667.
    const auto moved = weighted_displacement_quotient(100, 60, 80, 110, 200, 180);
    EXPECT_NEAR(moved.wdq, (110.0 / 180 - 0.4) / (-1.0 / 6.0), 1e-12);
    EXPECT_EQ(wdq_reading_sv(moved), "förflyttning större än den direkta effekten");
    // The target did not improve relative to the control: nothing to weigh.
    const auto none = weighted_displacement_quotient(100, 90, 80, 70, 200, 180);
    EXPECT_NEAR(none.success, 0.0, 1e-12);
    EXPECT_TRUE(std::isnan(none.wdq) || none.success >= 0);
    EXPECT_EQ(wdq_reading_sv(none).rfind("åtgärden gav ingen effekt", 0), 0u);
}

// Issue 19 (part measure): the variance W&F inflate for overdispersion (Farrington et al. 2007,
// J. Exp. Criminol. 3:21-38, appendix; Welsh & Farrington 2009): Var(ln OR) multiplied by D,
// the interval exp(ln OR ∓ z·√(D·V)). D = 1 is the plain Poisson variance (Trygg's default).
TEST(BeforeAfter, InflatedVarianceWidensTheIntervalBySqrtD)
{
    const auto plain = welsh_farrington_odds_ratio(100, 60, 200, 180, 0.95, 1.0);
    const auto wide = welsh_farrington_odds_ratio(100, 60, 200, 180, 0.95, 4.0);
    EXPECT_NEAR(wide.odds_ratio, 1.5, 1e-12);  // OR itself is unchanged
    // By hand: V = 0.0372222..., D·V = 0.1488889, √ = 0.3858612; ln 1.5 = 0.4054651;
    // 1.959964 · 0.3858612 = 0.7562740; exp(0.4054651 ∓ 0.7562740) = exp(-0.3508089), exp(1.1617391)
    // = 0.704118 .. 3.195486.
    EXPECT_NEAR(wide.log_variance, 4.0 * (0.01 + 1.0 / 60 + 0.005 + 1.0 / 180), 1e-15);
    EXPECT_NEAR(wide.ci_low, 0.704118, 1e-6);
    EXPECT_NEAR(wide.ci_high, 3.195486, 1e-6);
    EXPECT_NEAR(wide.z, plain.z / 2.0, 1e-12);  // z shrinks by √D
    EXPECT_NEAR(std::log(wide.ci_high / wide.odds_ratio), 2.0 * std::log(plain.ci_high / plain.odds_ratio), 1e-12);
}
