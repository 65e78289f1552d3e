// SPDX-License-Identifier: MIT
#pragma once
// write.report: the Lägesrapport (issue 17), an HTML report and an A4 PDF, built from the
// publication a write.gpkg stage wrote (docs/report-input.md) and laid out by the renderer.
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

struct WriteReportStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline
