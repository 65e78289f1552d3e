// SPDX-License-Identifier: MIT
#pragma once
// Before/after evaluation of a measure with a control area: the relative effect size as
// Welsh & Farrington (2009, "Public area CCTV and crime prevention: an updated systematic review
// and meta-analysis", Justice Quarterly 26(4)) report it, with its 95 % confidence interval.
#include <cstddef>

namespace trygg::stats {

struct OddsRatio {
    // OR = (a·d)/(b·c), a/b target before/after, c/d control before/after: above 1 the
    // target fell relative to the control (a desirable effect), as W&F report it.
    double odds_ratio = 0;
    double log_variance = 0;      // Var(ln OR) = D·(1/a + 1/b + 1/c + 1/d), D the variance inflation (1: Poisson)
    double ci_low = 0, ci_high = 0;  // exp(ln OR ∓ z·√Var), z = 1.959964 (95 %)
    double z = 0;                 // ln OR / √Var
    double p = 1;                 // two-sided
    // The target's change relative to the control, 1/OR - 1 (-0.40: 40 % fewer than the
    // control's trend predicts), and its interval (1/ci_high - 1, 1/ci_low - 1).
    double relative_change = 0, relative_change_low = 0, relative_change_high = 0;
};

// Counts must be > 0 (a zero count has no log variance); NaN results otherwise.
// `variance_inflation` (D >= 1) multiplies Var(ln OR) for overdispersed counts, as Farrington et
// al. (2007, J. Exp. Criminol. 3:21-38, appendix) and Welsh & Farrington (2009) do in their
// meta-analyses: the interval widens by √D, OR itself is unchanged. 1: the plain Poisson variance.
OddsRatio welsh_farrington_odds_ratio(double target_before, double target_after, double control_before,
                                      double control_after, double confidence = 0.95, double variance_inflation = 1.0);

}  // namespace trygg::stats
