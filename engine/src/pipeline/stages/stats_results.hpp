#pragma once
// What the statistics stages return: per-district columns for the `delomraden` layer and rows
// of the `global_statistics` table (global results and the options each stage used).
#include <trygg/io/feature_table.hpp>
#include <trygg/pipeline/artifact.hpp>
#include <trygg/stats/global_autocorrelation.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

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
    std::vector<io::Column> district_columns;  // one value per district, districts' order
    std::vector<GlobalRow> global_rows;
    std::string kind() const override { return artifact_kind; }
    void contribute(io::GeoPackageContent& content, const RunSettings& settings) const override;
};

// Appends rows to the `global_statistics` table of `content` (created when absent).
void append_global_rows(io::GeoPackageContent& content, const std::vector<GlobalRow>& rows);

}  // namespace trygg::pipeline
