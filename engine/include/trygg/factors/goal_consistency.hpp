// SPDX-License-Identifier: MIT
#pragma once
// Internal consistency of each policy goal's indicators (OECD/JRC Handbook on composite
// indicators, step 4): do the indicators of a goal measure one thing, all pointing the way
// the catalogue says?
//
// On the directed values (higher = more risk) over the districts that have every indicator of
// the goal (complete cases): the Pearson correlation matrix; Cronbach's alpha of the
// standardised items, alpha = k r / (1 + (k - 1) r) with r the mean inter-item correlation
// (equal to k/(k-1) (1 - sum var_i / var(sum)) on z-scored items); alpha without each
// indicator; the first principal component's share of the variance (largest eigenvalue of the
// correlation matrix over k, by Jacobi rotations); and each indicator's item-rest correlation
// (with the sum of the goal's other standardised indicators). An indicator whose loading on the
// first principal component has the opposite sign to the loadings' sum moves against its stated
// direction (with two indicators correlating negatively there is no majority: both are flagged,
// by their negative item-rest correlation); a correlation of 0.95 or more with another
// indicator means the two nearly duplicate each other.
#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace trygg::factors {

struct ConsistencyItem {
    std::string id;
    double item_rest = 0;          // NaN when undefined (constant values, k < 2)
    double alpha_without = 0;      // NaN when fewer than 3 indicators
    bool against_direction = false;
    std::optional<std::string> duplicates;  // id of an indicator correlating >= 0.95
};

struct GoalConsistency {
    int goal = 0;
    std::size_t complete_cases = 0;
    double alpha = 0;      // NaN when fewer than 2 indicators or 3 complete cases
    double pc1_share = 0;  // NaN likewise
    std::vector<std::vector<double>> correlation;  // [i][j], items in input order
    std::vector<ConsistencyItem> items;
};

struct ConsistencyInput {
    std::string id;
    int goal = 1;
    std::vector<double> directed;  // per district, NaN missing
};

// One entry per goal with at least one indicator, goals ascending.
std::vector<GoalConsistency> goal_consistency(const std::vector<ConsistencyInput>& indicators);

// Eigenvalues of a symmetric matrix (cyclic Jacobi), descending.
std::vector<double> symmetric_eigenvalues(std::vector<std::vector<double>> a);
// The same with the eigenvectors: vectors[j] belongs to values[j].
std::pair<std::vector<double>, std::vector<std::vector<double>>> symmetric_eigen(std::vector<std::vector<double>> a);

}  // namespace trygg::factors
