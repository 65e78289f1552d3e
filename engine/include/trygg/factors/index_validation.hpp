// SPDX-License-Identifier: MIT
#pragma once
// Out-of-sample validation of the index: does a ranking built on earlier periods say which
// districts have most crime in later periods? Two measures of agreement between a score (the
// index on the earlier periods, or the plain earlier crime rate) and the later outcome (crime
// per 1,000 inhabitants and year in the later periods):
// - Spearman's rank correlation (Pearson correlation of average ranks);
// - the AUC for "top quartile next period": the districts whose later outcome is among the
//   highest quarter (the ceil(n/4) highest, ties at the boundary included) are the positives,
//   and the AUC is the probability that a positive scores higher than a negative (ties 1/2),
//   the Mann-Whitney statistic over positives × negatives.
// Both over the districts that have a score and an outcome; NaN when fewer than 3 remain or
// the outcome does not separate positives from negatives.
#include <vector>

namespace trygg::factors {

struct ValidationMeasures {
    std::size_t districts = 0;
    std::size_t top_quartile = 0;  // positives
    double spearman = 0;
    double auc = 0;
};

// Average ranks (1 = lowest) of the finite values; NaN stays NaN.
std::vector<double> average_ranks(const std::vector<double>& values);

ValidationMeasures validate_ranking(const std::vector<double>& score, const std::vector<double>& outcome);

}  // namespace trygg::factors
