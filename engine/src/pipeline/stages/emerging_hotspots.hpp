// SPDX-License-Identifier: MIT
#pragma once
// Stage `emerging_hotspots` (issue 19): space-time Gi* per district × period, Mann–Kendall
// trends and the emerging hot-spot category of each district (docs/emerging-hotspots.md).
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

class EmergingHotspotsStage : public Stage {
public:
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline
