// SPDX-License-Identifier: MIT
#pragma once
// The space-time stages of issue 19: knox (the Knox 2×2 table for one distance and time) and
// near_repeat (the near-repeat table over distance × time bands).
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/knox.hpp>
#include <trygg/stats/near_repeat.hpp>

#include <string>

namespace trygg::pipeline {

struct KnoxStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct NearRepeatStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// kind "knox": one row of the table `knox` (rows of several knox stages share it).
struct KnoxArtifact : Artifact {
    std::string tag, group;
    double distance = 0, days = 0;
    std::uint64_t seed = 0;
    int suppress_below = 5;  // 0 in internal runs
    stats::KnoxResult result;
    std::string kind() const override { return "knox"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

// kind "near_repeat": rows of the table `nara_upprepning` (one per distance × time cell).
struct NearRepeatArtifact : Artifact {
    std::string tag, group;
    stats::NearRepeatBands bands;
    std::uint64_t seed = 0;
    int suppress_below = 5;
    stats::NearRepeatResult result;
    std::string kind() const override { return "near_repeat"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
