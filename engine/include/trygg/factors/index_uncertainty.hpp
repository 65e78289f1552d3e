// SPDX-License-Identifier: MIT
#pragma once
// Uncertainty and sensitivity of the per-goal index ranks (as the JRC audits of composite
// indicators do): Monte Carlo over the documented choices, each draw building every goal's
// score again and ranking the districts.
//
// The choices, each drawn independently and uniformly per draw:
// - normalisation: z-score, min-max (0-100) or percentile rank (0-100);
// - weights: each indicator's weight uniform in its catalogue range [vikt_min, vikt_max];
// - aggregation: arithmetic (weighted mean) or geometric (weighted geometric mean of the
//   directed normalised values rescaled per indicator to 1-100, so every value is positive);
// - missing data: available case (weights renormalised over the indicators a district has,
//   the run's rule) or mean imputation (a missing directed value is the indicator's mean);
//   both keep the run's min_weight_share threshold, so the same districts are ranked;
// - reallocation weighting: an indicator with an alternative (the same survey moved by area
//   instead of population weights) takes the primary or the alternative values.
//
// Per district and goal (and for risk_total): the median rank and the 5th and 95th percentile
// ranks (nearest rank over the draws where the district is ranked; 1 = highest risk), and `unstable` where the
// quartile class at the 5th and at the 95th percentile rank differ (class of rank r among N
// ranked districts: 1 + floor(4 (r - 1) / N)).
//
// First-order sensitivity per goal and choice: the share of the rank variance explained by
// the choice's levels, S_c = sum_d Var_levels(E[rank_d | level]) / sum_d Var(rank_d), the
// variance of the conditional mean rank (a first-order Sobol index estimated by binning).
// A weight is binned into the quarters of its range. With D draws and L levels S_c has a
// positive bias of about (L - 1) / D (0.003 for 1,000 draws and 4 bins).
//
// Determinism: draw k's choices come from a generator keyed on (seed, k), and each draw
// writes its own ranks; the summaries are computed per district in a fixed order, so the
// result is identical for every thread count.
#include <trygg/factors/goal_index.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trygg::factors {

struct UncertainIndicator {
    std::string id;
    int goal = 1;  // 1..6
    Direction direction = Direction::risk;
    double weight = 1.0, weight_min = 1.0, weight_max = 1.0;
    std::vector<double> raw;              // per district, NaN missing
    std::vector<double> raw_alternative;  // the other reallocation weighting; empty: none
};

struct UncertaintyOptions {
    int draws = 1000;
    std::uint64_t seed = 12345;
    unsigned threads = 0;  // 0: hardware concurrency
    double min_weight_share = 0.5;
};

struct Sensitivity {
    std::string choice;  // normalisering, vikt:<id>, aggregering, saknade_varden, omfordelning
    int levels = 0;
    double first_order = 0;  // S_c
};

struct GoalUncertainty {
    bool present = false;  // the goal has indicators
    std::vector<int> median, p05, p95;  // per district; 0 when never ranked
    std::vector<char> unstable;
    int ranked = 0;  // districts ranked in at least one draw (N of the quartile classes)
    std::vector<Sensitivity> sensitivity;
};

struct IndexUncertainty {
    int draws = 0;
    std::array<GoalUncertainty, goal_count> goal;
    // risk_total's ranks under the same draws: per draw the mean of the district's goal scores,
    // ranked only among the districts with a score for every goal of the run in that draw (the
    // fewer-goals rule of factors::goal_index); sensitivity to every choice. Present when any
    // goal is.
    GoalUncertainty overall;
};

// Throws core::DataError when an indicator's values do not match `districts`.
IndexUncertainty index_uncertainty(const std::vector<UncertainIndicator>& indicators, std::size_t districts,
                                   const UncertaintyOptions& options);

// Quartile class (1..4) of rank r (1-based) among n ranked districts.
int quartile_class(int rank, int ranked);

}  // namespace trygg::factors
