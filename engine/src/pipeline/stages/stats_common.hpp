// SPDX-License-Identifier: MIT
#pragma once
// Glue shared by the statistics stages: weights input, validation of the shared options.
#include "option_reader.hpp"
#include "stats_variable.hpp"
#include "weights.hpp"

#include <trygg/core/error.hpp>
#include <trygg/stats/multiple_testing.hpp>

#include <optional>

namespace trygg::pipeline {

// The options the statistics stages share, parsed and checked once (validate and run both use
// it). A stage without an option leaves its field at the default.
struct StatisticsOptions {
    std::uint32_t permutations = 0;
    std::optional<std::uint64_t> seed;  // none: the run's seed
    double alpha = 0.05;
    stats::Correction correction = stats::Correction::none;
    bool pseudo = false;                // significance from permutation (pseudo) p
};

inline StatisticsOptions parse_statistics_options(const nlohmann::json& o, const std::string& tag)
{
    validate_variable(o, tag);
    const OptionReader r(o, tag);
    StatisticsOptions out;
    if (r.has("permutations")) {
        if (r.negative("permutations"))
            r.fail("\"permutations\" must not be negative");
        const auto p = r.try_integer<std::uint32_t>("permutations", 0, 1'000'000);
        if (!p)
            r.fail("\"permutations\" must be between 0 and 1,000,000");
        out.permutations = *p;
    }
    if (r.has("seed"))
        out.seed = r.integer<std::uint64_t>("seed", 0, static_cast<std::uint64_t>(INT64_MAX));
    if (r.has("alpha")) {
        out.alpha = r.number("alpha");
        if (!(out.alpha > 0.0 && out.alpha < 1.0))
            r.fail("\"alpha\" must be between 0 and 1");
    }
    if (r.has("correction")) {
        try {
            out.correction = stats::parse_correction(r.string("correction"));
        } catch (const std::invalid_argument& e) {
            r.fail(e.what());
        }
    }
    // One rule for local_moran and gistar (issue 21): "auto" (the default of both) decides by
    // the permutation p when permutations are run and by the analytic normal p when they are
    // not; "pseudo" and "analytic" force one.
    if (r.has("significance")) {
        const auto s = r.string("significance");
        if (s != "auto" && s != "pseudo" && s != "analytic")
            r.fail("unknown significance '" + s + "' (expected auto, pseudo or analytic)");
        out.pseudo = s == "pseudo" || (s == "auto" && out.permutations > 0);
        if (s == "pseudo" && out.permutations == 0)
            r.fail("significance pseudo needs \"permutations\" > 0");
    }
    return out;
}

inline void validate_statistics_options(const nlohmann::json& o, const std::string& tag)
{
    (void)parse_statistics_options(o, tag);
}

inline std::shared_ptr<const WeightsArtifact> weights_input(const StageContext& ctx)
{
    auto w = ctx.input<WeightsArtifact>(0);
    if (!w)
        ctx.fail_input("needs a weights input (stage weights)");
    return w;
}

}  // namespace trygg::pipeline
