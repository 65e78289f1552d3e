// SPDX-License-Identifier: MIT
#include "local_moran.hpp"

#include "stats_common.hpp"
#include "stats_options.hpp"
#include "stats_results.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/stats/local_moran.hpp>

namespace trygg::pipeline {

StageDescriptor LocalMoranStage::descriptor()
{
    return {
        "local_moran",
        "local Moran's I (LISA) per district: value, z, analytic and pseudo p, cluster class",
        join_options(variable_options(), permutation_options(999), significance_options("<prefix>_i, _z, _p (analytic, two-sided), _p_sim (pseudo), _class "
                                                                       "(0 not significant, 1 High-High, 2 Low-Low, 3 Low-High, 4 "
                                                                       "High-Low, 5 undefined: island), _label")),
        statistics_inputs(),
        "local_moran",
    };
}

void LocalMoranStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    validate_statistics_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> LocalMoranStage::run(StageContext& ctx) const
{
    const auto wa = weights_input(ctx);
    const auto& codes = wa->districts->layer.codes;
    const auto variable = resolve_variable(ctx, wa->weights, codes, 1, 2);
    const auto ps = permutation_settings(ctx);
    stats::LocalMoranResult r;
    try {
        r = stats::local_moran(wa->weights, variable.values, {ps.permutations, ps.seed, ps.threads}, &ctx.cancel());
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    }
    std::vector<double> p_sim(r.value.size());
    for (std::size_t i = 0; i < p_sim.size(); ++i)
        p_sim[i] = r.sim[i].p_sim;
    const auto so = parse_statistics_options(ctx.options(), ctx.tag());
    const bool pseudo = so.pseudo;
    const auto& p_used = pseudo ? p_sim : r.p;
    const auto cutoff = stats::significance_cutoff(p_used, so.alpha, so.correction, pseudo ? ps.permutations : 0);
    if (cutoff.warning)
        ctx.warn(*cutoff.warning);
    const auto classes = stats::lisa_classes(r, p_used, cutoff.value);
    withhold_local_results(ctx, variable, {&r.value, &r.z, &r.p, &p_sim});

    auto out = std::make_shared<StatisticsArtifact>();
    out->artifact_kind = "local_moran";
    out->districts = wa->districts;
    const auto prefix = column_prefix(ctx);
    std::vector<std::optional<std::int64_t>> codes_col;
    std::vector<std::optional<std::string>> labels;
    std::int64_t significant = 0;
    for (auto c : classes) {
        codes_col.emplace_back(static_cast<std::int64_t>(c));
        labels.emplace_back(stats::to_string(c));  // labels are added here, where results are written
        significant += (c != stats::LisaClass::not_significant && c != stats::LisaClass::undefined) ? 1 : 0;
    }
    out->district_columns.push_back({prefix + "_i", r.value});
    out->district_columns.push_back({prefix + "_z", r.z});
    out->district_columns.push_back({prefix + "_p", r.p});
    out->district_columns.push_back({prefix + "_p_sim", p_sim});
    out->district_columns.push_back({prefix + "_class", codes_col});
    out->district_columns.push_back({prefix + "_label", labels});
    GlobalRow g;
    g.stage = ctx.tag();
    g.statistic = "local_moran";
    g.variable = variable.label;
    g.weights = wa->description;
    g.result.statistic = "local_moran";
    g.result.n = r.value.size();
    g.result.permutations = ps.permutations;
    g.seed = ps.seed;
    g.cutoff = cutoff.value;
    g.significant = significant;
    g.options = ctx.options();
    g.options["significance"] = pseudo ? "pseudo" : "analytic";  // the rule's outcome, not "auto"
    out->global_rows.push_back(std::move(g));
    ctx.info(std::to_string(significant) + " of " + std::to_string(r.value.size()) +
             " districts in significant clusters/outliers (cut-off " + std::to_string(cutoff.value) + ")");
    return out;
}

}  // namespace trygg::pipeline
