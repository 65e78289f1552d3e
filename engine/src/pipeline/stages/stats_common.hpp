#pragma once
// Glue shared by the statistics stages: weights input, validation of the shared options.
#include "stats_variable.hpp"
#include "weights.hpp"

#include <trygg/core/error.hpp>
#include <trygg/stats/multiple_testing.hpp>

namespace trygg::pipeline {

inline void validate_statistics_options(const nlohmann::json& o, const std::string& tag)
{
    validate_variable(o, tag);
    if (o.contains("permutations") && o.at("permutations").get<long long>() < 0)
        throw core::PipelineError(tag + ": \"permutations\" must not be negative");
    if (o.contains("alpha")) {
        const double a = o.at("alpha").get<double>();
        if (!(a > 0.0 && a < 1.0))
            throw core::PipelineError(tag + ": \"alpha\" must be between 0 and 1");
    }
    if (o.contains("correction")) {
        try {
            stats::parse_correction(o.at("correction").get<std::string>());
        } catch (const std::invalid_argument& e) {
            throw core::PipelineError(tag + ": " + e.what());
        }
    }
    if (o.contains("significance")) {
        const auto s = o.at("significance").get<std::string>();
        if (s != "pseudo" && s != "analytic")
            throw core::PipelineError(tag + ": unknown significance '" + s + "' (expected pseudo or analytic)");
        if (s == "pseudo" && o.contains("permutations") && o.at("permutations").get<long long>() == 0)
            throw core::PipelineError(tag + ": significance pseudo needs \"permutations\" > 0");
    }
}

inline std::shared_ptr<const WeightsArtifact> weights_input(const StageContext& ctx)
{
    auto w = ctx.input<WeightsArtifact>(0);
    if (!w)
        ctx.fail_input("needs a weights input (stage weights)");
    return w;
}

}  // namespace trygg::pipeline
