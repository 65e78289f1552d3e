// SPDX-License-Identifier: MIT
#pragma once
// Exact (Garwood) confidence intervals for a Poisson count, and rate ratios against an
// expected count built from them.
namespace trygg::factors {

struct Interval {
    double lower = 0.0;
    double upper = 0.0;
};

// Exact interval for the mean of a Poisson variable observed as `events` (a whole number >= 0):
// lower = chi2((1-c)/2; 2n)/2, upper = chi2((1+c)/2; 2n+2)/2, computed through the gamma
// quantile (chi2(p; 2k)/2 = gamma_p_inv(k, p)). For 0 events the lower bound is 0.
Interval exact_poisson_interval(double events, double confidence = 0.95);

struct RateRatio {
    double ratio = 0.0;   // observed / expected
    Interval interval;    // exact interval of observed, divided by expected
};

// Observed count against an expected count (e.g. district population × municipal rate); the
// expected count is treated as known. NaN fields when expected <= 0.
RateRatio rate_ratio(double observed, double expected, double confidence = 0.95);

}  // namespace trygg::factors
