// SPDX-License-Identifier: MIT
#include "moran.hpp"

#include "stats_common.hpp"
#include "stats_options.hpp"
#include "stats_results.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/stats/global_autocorrelation.hpp>

namespace trygg::pipeline {

StageDescriptor MoranStage::descriptor()
{
    return {
        "moran",
        "global spatial autocorrelation of a district variable: Moran's I, Geary's C, General G (table global_statistics; "
        "p_norm and p_rand are two-sided normal p-values (esda's are one-sided: half of these), p_sim is the folded "
        "pseudo p (min(#>=obs, #<=obs)+1)/(permutations+1) as esda's p_sim)",
        join_options(variable_options(), permutation_options(999),
                     std::vector<OptionSpec>{
                         {"geary", OptionType::boolean, true, false, "also Geary's C"},
                         {"general_g", OptionType::boolean, false, false,
                          "also Getis-Ord General G (needs values >= 0; binary weights are used)"},
                     }),
        statistics_inputs(),
        "global_statistics",
    };
}

namespace {

// The options of one moran stage beyond the shared statistics ones, parsed once.
struct MoranOptions {
    StatisticsOptions statistics;
    bool geary = true;
    bool general_g = false;
};

// "queen contiguity (snap 0 m), row-standardised" -> "queen contiguity (snap 0 m), binary"
std::string binary_weights_label(const std::string& description)
{
    for (const std::string suffix : {", row-standardised", ", binary"})
        if (description.size() >= suffix.size() &&
            description.compare(description.size() - suffix.size(), suffix.size(), suffix) == 0)
            return description.substr(0, description.size() - suffix.size()) + ", binary";
    return description + ", binary";
}

MoranOptions parse_moran_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    return {parse_statistics_options(o, tag), r.boolean("geary"), r.boolean("general_g")};
}

}  // namespace

void MoranStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_moran_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> MoranStage::run(StageContext& ctx) const
{
    const auto opts = parse_moran_options(ctx.options(), ctx.tag());
    const auto wa = weights_input(ctx);
    const auto& w = wa->weights;
    const auto& codes = wa->districts->layer.codes;
    const auto variable = resolve_variable(ctx, w, codes, 1, 2);
    const auto ps = permutation_settings(ctx);
    const stats::PermutationOptions perm{ps.permutations, ps.seed, ps.threads};
    auto out = std::make_shared<StatisticsArtifact>();
    out->artifact_kind = "global_statistics";
    out->districts = wa->districts;
    auto row = [&](stats::GlobalResult r, std::string weights_label) {
        GlobalRow g;
        g.stage = ctx.tag();
        g.statistic = r.statistic;
        g.variable = variable.label;
        g.weights = std::move(weights_label);
        g.result = std::move(r);
        g.seed = ps.seed;
        g.options = ctx.options();
        out->global_rows.push_back(std::move(g));
    };
    try {
        const auto m = stats::moran(w, variable.values, perm, &ctx.cancel());
        ctx.info("Moran's I of " + variable.label + " = " + std::to_string(m.value) +
                 " (z = " + std::to_string(m.z_norm) + ")");
        row(m, wa->description);
        if (opts.geary)
            row(stats::geary(w, variable.values, perm, &ctx.cancel()), wa->description);
        // General G is defined on binary weights, whatever transform the weights stage applied.
        if (opts.general_g)
            row(stats::general_g(w.binarised(), variable.values, perm, &ctx.cancel()),
                binary_weights_label(wa->description));
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    }
    return out;
}

}  // namespace trygg::pipeline
