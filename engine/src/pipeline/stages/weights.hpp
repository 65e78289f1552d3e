// SPDX-License-Identifier: MIT
#pragma once
// Stage `weights`: spatial weights between the districts (contiguity, distance band, k nearest,
// inverse distance, or a GAL/GWT file), with an explicit island policy and transform.
#include <trygg/pipeline/stage.hpp>
#include <trygg/spatial/weights.hpp>

#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct DistrictsArtifact;

// kind "weights". Rows follow the districts' order; ids are the district codes.
struct WeightsArtifact : Artifact {
    std::shared_ptr<const DistrictsArtifact> districts;
    spatial::Weights weights;              // as used: after the island policy and the transform
    std::string description;               // e.g. "queen contiguity (snap 0 m), row-standardised"
    std::vector<std::size_t> islands;      // units that had no neighbour when built
    std::string kind() const override { return "weights"; }
    // Publishes `neighbours` (count per district) on its districts' layer.
    void publish(Contribution& out, const RunSettings& settings) const override;
};

class WeightsStage : public Stage {
public:
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

}  // namespace trygg::pipeline
