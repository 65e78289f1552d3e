// SPDX-License-Identifier: MIT
#pragma once
// Reporting levels of one aggregate (issue 15): the counts of coarser district layers (RegSO,
// kommundelar) derived from the districts the incidents were assigned to, through how those
// nest in them, under one disclosure plan with them (stats/level_suppression.hpp), and the
// share of the cells that matter each level publishes.
#include <trygg/stats/aggregate.hpp>
#include <trygg/stats/level_suppression.hpp>

#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

class Contribution;
struct AggregateArtifact;
struct DistrictsArtifact;

struct AggregateLevel {
    std::string name;                                    // the read.districts stage's tag
    std::shared_ptr<const DistrictsArtifact> districts;
    std::vector<int> parent;                             // per finest district: its district here
    std::vector<double> nested_share;                    // per finest district: share of its area inside it
    stats::AggregateResult result;
};

struct LevelReport {
    std::string finest;  // name of the finest level (the assigned districts)
    // Per level, finest first: per crime group, then all groups (stats::published_shares).
    std::vector<std::vector<stats::PublishedShare>> shares;
    double min_share = 0.8;  // a level is recommended when this share of its cells is published
    int recommended = -1;    // index into shares; -1: none reaches min_share
    bool withholds = false;  // suppression in effect (a publication without cell-key noise)
    // Several period lengths (part periods, aggregate_lengths.hpp): each length's name and table
    // suffix, finest first; empty with one length. With lengths, `shares` holds per length (finest
    // first) every level (finest first): entry i is level i % (levels + 1) at length i / (levels + 1).
    std::vector<std::string> lengths, length_suffixes;
};

// The name of entry i of LevelReport::shares ("deso"; with lengths "deso × year") and its table
// ("incident_counts", "incident_counts_regso", "incident_counts_ar", "incident_counts_regso_ar").
std::string share_name(const AggregateArtifact& aggregate, std::size_t i);
std::string share_table(const AggregateArtifact& aggregate, std::size_t i);

// The table name of a coarser level's counts: "incident_counts_" + the name in lower case,
// other characters than a-z, 0-9 and _ as "_".
std::string level_table_name(const std::string& level);

// Writes each coarser level's counts (incident_counts_<level>, the columns of incident_counts),
// the nesting (nivaindelning), the published shares (nivaer) and the manifest section "levels".
void publish_levels(Contribution& out, const AggregateArtifact& aggregate);

}  // namespace trygg::pipeline
