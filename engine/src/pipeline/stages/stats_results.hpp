// SPDX-License-Identifier: MIT
#pragma once
// What the statistics stages return: per-district columns keyed to the district layer they were
// computed on (the weights' districts) and rows of the `global_statistics` table (global
// results and the options each stage used).
#include <trygg/io/feature_table.hpp>
#include <trygg/pipeline/artifact.hpp>
#include <trygg/stats/global_autocorrelation.hpp>

#include <nlohmann/json.hpp>

#include <memory>

#include <string>
#include <vector>

namespace trygg::pipeline {

struct DistrictsArtifact;
class Contribution;

struct GlobalRow {
    std::string stage;       // tag
    std::string statistic;   // moran_i, geary_c, general_g, local_moran, gistar, gi
    std::string variable;    // label of the variable
    std::string weights;     // description of the weights
    stats::GlobalResult result;  // NaN fields where not applicable (local rows)
    std::uint64_t seed = 0;
    double cutoff = std::nan("");     // local rows: the significance cut-off used
    std::int64_t significant = -1;    // local rows: number of significant districts
    nlohmann::json options;           // the stage's effective options
};

// kind given by the stage ("global_statistics", "local_moran", "gistar").
struct StatisticsArtifact : Artifact {
    std::string artifact_kind;
    std::shared_ptr<const DistrictsArtifact> districts;  // the layer district_columns belong to
    std::vector<io::Column> district_columns;  // one value per district, districts' order
    std::vector<GlobalRow> global_rows;
    std::string kind() const override { return artifact_kind; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

// Appends rows to the publication's `global_statistics` table (shared by every statistics stage).
void append_global_rows(Contribution& out, const std::vector<GlobalRow>& rows);

}  // namespace trygg::pipeline
