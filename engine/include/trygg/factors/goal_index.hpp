// SPDX-License-Identifier: MIT
#pragma once
// The per-goal composite: indicators normalised (z-score or percentile), turned so that a
// higher value always means more risk, and combined per policy goal as a weighted mean.
//
// Missing data rule: a district's goal score is the weighted mean of the indicators it has a
// value for (weights renormalised over those); when their weights add up to less than
// `min_weight_share` of the goal's total weight the score is missing (NaN).
#include <trygg/factors/indicator_catalogue.hpp>

#include <array>
#include <cstddef>
#include <vector>

namespace trygg::factors {

enum class Normalisation { z_score, percentile };
Normalisation parse_normalisation(const std::string& name);  // "z" / "z_score" / "percentile"; throws PipelineError

// NaN in, NaN out. z-score: (x - mean) / sd with the population sd (n) over the districts
// that have a value; a constant indicator gives 0. Percentile: 100 (r - 1) / (n - 1) with
// average ranks r for ties (50 when n = 1).
std::vector<double> normalise(const std::vector<double>& raw, Normalisation method);

// Risk direction: risk indicators keep their normalised value; protective ones are turned
// (z -> -z, percentile p -> 100 - p).
double directed(double normalised, Direction direction, Normalisation method);

struct IndicatorValues {
    int goal = 1;  // 1..6
    Direction direction = Direction::risk;
    double weight = 1.0;
    std::vector<double> raw;  // per district, NaN when missing
};

struct GoalIndexOptions {
    Normalisation normalisation = Normalisation::z_score;
    double min_weight_share = 0.5;
};

constexpr int goal_count = 6;

struct GoalIndex {
    std::vector<std::vector<double>> normalised;  // [indicator][district]
    std::vector<std::vector<double>> directed;    // [indicator][district], higher = more risk
    // Index g-1 for goal g:
    std::array<std::vector<double>, goal_count> score;        // [goal][district]
    std::array<std::vector<int>, goal_count> available;       // indicators with a value
    std::array<int, goal_count> indicator_count{};            // indicators of the goal
    std::array<std::vector<int>, goal_count> rank;            // 1 = highest risk; 0 when no score
    std::vector<double> overall;                              // mean of the goal scores present
    // Fewer goals rule: `overall` averages the goals a district has a score for
    // (goals_scored); it is ranked (1 = highest risk) only among the districts that have a
    // score for every goal in the run, since means over different goals are not comparable;
    // 0 for the others.
    std::vector<int> goals_scored;
    std::vector<int> overall_rank;
    int goals_in_run() const;  // goals with at least one indicator
};

GoalIndex goal_index(const std::vector<IndicatorValues>& indicators, std::size_t districts,
                     const GoalIndexOptions& options);

}  // namespace trygg::factors
