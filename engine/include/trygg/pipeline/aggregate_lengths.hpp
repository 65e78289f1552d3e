// SPDX-License-Identifier: MIT
#pragma once
// Several period lengths of one aggregate (issue 15, part periods): the counts of coarser
// period lengths (years beside half-years) for the finest districts and every reporting level,
// under one disclosure plan with the finest length (stats/level_suppression.hpp:
// plan_levels_and_lengths), published as incident_counts_<suffix> and
// incident_counts_<level>_<suffix>, with their periods.
#include <trygg/stats/aggregate.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

class Contribution;
struct AggregateArtifact;

struct AggregateLength {
    stats::PeriodKind kind{};
    std::string name;                  // "year" (the option's spelling)
    std::string suffix;                // "ar" (table names)
    std::vector<int> period_parent;    // per finest period: its period of this length
    stats::AggregateResult result;     // the finest districts
    std::vector<stats::AggregateResult> level_results;  // per coarser level, AggregateArtifact::levels order
};

// Writes each coarser length's tables (the columns of incident_counts), its periods
// (perioder_<suffix>, like perioder), the nesting of the finest periods (periodindelning) and
// the manifest section "period_lengths". `months_only`: a publication (coverage ends in months).
void publish_lengths(Contribution& out, const AggregateArtifact& aggregate, bool months_only);

}  // namespace trygg::pipeline
