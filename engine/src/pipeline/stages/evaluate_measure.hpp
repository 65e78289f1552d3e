// SPDX-License-Identifier: MIT
#pragma once
// Stage `evaluate_measure` (issue 19, "Utvärdera åtgärd"): counts in a target, a buffer zone and
// a control area in equal, seasonally matched windows before and after a measure's date; the
// odds ratio of Welsh & Farrington with its interval, and the weighted displacement quotient.
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

class EvaluateMeasureStage : public Stage {
public:
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline
