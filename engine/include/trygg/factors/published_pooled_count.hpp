// SPDX-License-Identifier: MIT
#pragma once
// A district's count pooled over several periods, as a reader of the published incident
// counts can compute it: published cells as they are, and each withheld cell estimated by the
// mean of the withheld cells of its period (the municipal total minus the published districts,
// shared evenly among the withheld ones). Everything it returns is a function of published
// numbers, so a rate, score or rank built on it cannot reveal a withheld count; a district
// with a withheld cell gets an estimate, flagged, instead of no value at all.
#include <trygg/stats/aggregate.hpp>

#include <vector>

namespace trygg::factors {

struct PublishedPooledCounts {
    std::vector<double> count;    // per district: published cells + estimated withheld cells
    std::vector<char> estimated;  // 1: at least one of the district's cells was withheld
};

// Cells of `group`, all sexes and ages, over `periods` (indexes into r.periods). When a
// period's municipal total is withheld too, its withheld cells together are taken as
// suppress_below / 2 (the middle of the withheld range 1..suppress_below-1; a public rule, not
// data), shared evenly.
PublishedPooledCounts published_pooled_counts(const stats::AggregateResult& r, int group,
                                               const std::vector<int>& periods);

}  // namespace trygg::factors
