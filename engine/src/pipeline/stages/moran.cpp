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
        "global spatial autocorrelation of a district variable: Moran's I, Geary's C, General G (table global_statistics)",
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
    auto row = [&](stats::GlobalResult r) {
        GlobalRow g;
        g.stage = ctx.tag();
        g.statistic = r.statistic;
        g.variable = variable.label;
        g.weights = wa->description;
        g.result = std::move(r);
        g.seed = ps.seed;
        g.options = ctx.options();
        out->global_rows.push_back(std::move(g));
    };
    try {
        const auto m = stats::moran(w, variable.values, perm, &ctx.cancel());
        ctx.info("Moran's I of " + variable.label + " = " + std::to_string(m.value) +
                 " (z = " + std::to_string(m.z_norm) + ")");
        row(m);
        if (opts.geary)
            row(stats::geary(w, variable.values, perm, &ctx.cancel()));
        if (opts.general_g)
            row(stats::general_g(w.binarised(), variable.values, perm, &ctx.cancel()));
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    }
    return out;
}

}  // namespace trygg::pipeline
