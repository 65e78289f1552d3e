// SPDX-License-Identifier: MIT
#pragma once
// The pipeline document: a JSON array of stages, or an object {"pipeline": [...], "privacy":
// "internal", "seed": 1, "threads": 2, "crs": "EPSG:3006"}. Parsing and planning check
// everything that can be checked without reading data; running executes stages in order.
#include <trygg/core/progress.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/pipeline/stage_registry.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct StageSpec {
    std::string type;
    std::string tag;                      // defaults to the type, made unique with a suffix
    nlohmann::json options;               // as written, without type/tag/inputs
    std::vector<std::string> input_tags;  // empty: each slot's default (see InputSpec)
};

struct Pipeline {
    RunSettings settings;
    std::vector<StageSpec> stages;
};

// Throws core::PipelineError naming the stage (by position and type) on malformed JSON.
Pipeline parse_pipeline(const nlohmann::json& document, const std::filesystem::path& base_dir);
Pipeline load_pipeline(const std::filesystem::path& file);

// One resolved input of a planned stage.
struct PlannedInput {
    std::size_t stage = 0;  // index of the earlier stage
    std::size_t slot = 0;   // descriptor slot; descriptor->inputs.size() for a tag option
};

struct PlannedStage {
    StageSpec spec;
    const StageDescriptor* descriptor = nullptr;
    nlohmann::json options;                         // declared defaults applied, types checked
    std::vector<std::optional<std::size_t>> inputs;  // per descriptor input slot: (first) stage index
    std::vector<PlannedInput> resolved;              // every input, repeated slots and tag options included
};

// Resolves types, options and inputs, and calls each stage's validate(). No data is read.
std::vector<PlannedStage> plan(const Pipeline& pipeline, const StageRegistry& registry);

struct RunResult {
    std::vector<std::pair<std::string, std::shared_ptr<const Artifact>>> artifacts;  // by stage
    nlohmann::json manifest;
    std::vector<RowAccounting> accounting;
    std::vector<std::filesystem::path> outputs;

    template <typename T> std::shared_ptr<const T> find(const std::string& tag) const
    {
        for (const auto& [t, a] : artifacts)
            if (t == tag)
                return std::dynamic_pointer_cast<const T>(a);
        return nullptr;
    }
};

RunResult run(const Pipeline& pipeline, const StageRegistry& registry, core::Reporter& reporter,
              const core::CancelToken& cancel);

}  // namespace trygg::pipeline
