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

class Publication;

// Disclosure across inputs (issue 19, part measure): once every input of a writer has
// contributed, withholds the window counts of `artifact` (if it is an evaluation) whose districts ×
// window touch a withheld incident_counts cell, and every figure resting on them
// (measure_disclosure.hpp). No-op for other artifacts and in internal runs; write.gpkg calls it
// for each input.
void withhold_evaluation_jointly(Publication& publication, const Artifact& artifact);

}  // namespace trygg::pipeline
