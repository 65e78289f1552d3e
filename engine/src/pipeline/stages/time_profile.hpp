// SPDX-License-Identifier: MIT
#pragma once
// time_profile: hour × weekday matrix of incidents per district (issue 19), so analysts see
// when as well as where.
#include <trygg/core/district_layer.hpp>
#include <trygg/pipeline/stage.hpp>

#include <array>
#include <string>
#include <vector>

namespace trygg::pipeline {

constexpr std::size_t cells_per_district = 7 * 24 + 7;

struct TimeProfileStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "time_profile": table `tidsprofil` (group alla) or `tidsprofil_<grupp>`: per district
// 7 rows (Monday first) of 24 hour counts and the count with a date only, and the district's total.
struct TimeProfileArtifact : Artifact {
    std::string group;
    int suppress_below = 5;  // 0 in internal runs
    std::vector<std::string> codes, names;
    // per district: weekday * 24 + hour, then 168 + weekday for incidents with a date only
    std::vector<std::array<double, cells_per_district>> counts;
    std::string kind() const override { return "time_profile"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

// Table name for a group: "tidsprofil" for alla, else "tidsprofil_<grupp>" (non-alphanumerics as _).
std::string time_profile_table_name(const std::string& group);

}  // namespace trygg::pipeline
