// SPDX-License-Identifier: MIT
#pragma once
// Stage `gistar` (see descriptor() for what it does and its options).
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

class GistarStage : public Stage {
public:
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline
