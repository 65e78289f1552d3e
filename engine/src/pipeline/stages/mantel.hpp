// SPDX-License-Identifier: MIT
#pragma once
// Stage mantel (issue 19, part measure): the standardized Mantel test for space-time
// interaction of the located incidents of a group (stats/mantel.hpp); a row of table 'mantel'.
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/mantel.hpp>

#include <string>

namespace trygg::pipeline {

struct MantelStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "mantel": one row of the table `mantel` (rows of several mantel stages share it).
struct MantelArtifact : Artifact {
    std::string tag, group;
    stats::MantelOptions transform;
    std::uint64_t seed = 0;
    int suppress_below = 5;  // 0 in internal runs
    stats::MantelResult result;
    std::string kind() const override { return "mantel"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
