// SPDX-License-Identifier: MIT
#include "gistar.hpp"

#include "stats_common.hpp"
#include "stats_options.hpp"
#include "stats_results.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/stats/getis_ord.hpp>

namespace trygg::pipeline {

StageDescriptor GistarStage::descriptor()
{
    return {
        "gistar",
        "Getis-Ord Gi* (or Gi) hot and cold spots per district: G, z, analytic and pseudo p, bin -3..+3",
        join_options(variable_options(), permutation_options(999), significance_options("<prefix>_g, _z (Getis-Ord z), _p (analytic, two-sided), "
                                                               "_p_sim (pseudo), _bin (-3..+3: cold/hot at 99/95/90 %)"),
                     std::vector<OptionSpec>{
                         {"star", OptionType::boolean, true, false, "Gi* (district in its own neighbourhood) or Gi"},
                     }),
        statistics_inputs(),
        "gistar",
    };
}

namespace {

// The options of one gistar stage: the shared statistics ones and Gi* or Gi, parsed once.
struct GistarOptions {
    StatisticsOptions statistics;
    bool star = true;
};

GistarOptions parse_gistar_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    return {parse_statistics_options(o, tag), r.boolean("star")};
}

}  // namespace

void GistarStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_gistar_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> GistarStage::run(StageContext& ctx) const
{
    const auto opts = parse_gistar_options(ctx.options(), ctx.tag());
    const auto wa = weights_input(ctx);
    const auto& codes = wa->districts->layer.codes;
    const auto variable = resolve_variable(ctx, wa->weights, codes, 1, 2);
    const auto ps = permutation_settings(ctx);
    stats::GetisOrdOptions o;
    o.star = opts.star;
    o.permutation = {ps.permutations, ps.seed, ps.threads};
    stats::GetisOrdResult r;
    try {
        r = stats::local_getis_ord(wa->weights, variable.values, o, &ctx.cancel());
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    }
    std::vector<double> p_sim(r.value.size());
    for (std::size_t i = 0; i < p_sim.size(); ++i)
        p_sim[i] = r.sim[i].p_sim;
    const auto& so = opts.statistics;
    const bool pseudo = so.pseudo;
    const auto& p_used = pseudo ? p_sim : r.p;
    const auto correction = so.correction;
    // The three confidence levels (99, 95, 90 %), each corrected the same way.
    stats::GiCutoffs cut{};
    std::optional<std::string> unattainable;  // reported once, for the most lenient level affected
    const char* level_names[] = {"99 %", "95 %", "90 %"};
    for (std::size_t k = 0; k < 3; ++k) {
        const auto c = stats::significance_cutoff(p_used, stats::gi_levels[k], correction,
                                                  pseudo ? ps.permutations : 0);
        if (c.warning)
            unattainable = std::string(level_names[k]) + " level: " + *c.warning;
        cut[k] = c.value;
    }
    if (unattainable)
        ctx.warn(*unattainable);
    const auto bins = stats::gi_bins(r.z, p_used, cut);
    withhold_local_results(ctx, variable, {&r.value, &r.z, &r.p, &p_sim});
    auto out = std::make_shared<StatisticsArtifact>();
    out->artifact_kind = "gistar";
    out->districts = wa->districts;
    const auto prefix = column_prefix(ctx);
    std::vector<std::optional<std::int64_t>> bin_col;
    std::int64_t significant = 0;
    for (auto b : bins) {
        bin_col.emplace_back(b);
        significant += b != 0 ? 1 : 0;
    }
    out->district_columns.push_back({prefix + "_g", r.value});
    out->district_columns.push_back({prefix + "_z", r.z});
    out->district_columns.push_back({prefix + "_p", r.p});
    out->district_columns.push_back({prefix + "_p_sim", p_sim});
    out->district_columns.push_back({prefix + "_bin", bin_col});
    GlobalRow g;
    g.stage = ctx.tag();
    g.statistic = o.star ? "gistar" : "gi";
    g.variable = variable.label;
    g.weights = wa->description;
    g.result.statistic = g.statistic;
    g.result.n = r.value.size();
    g.result.permutations = ps.permutations;
    g.seed = ps.seed;
    g.cutoff = cut[2];
    g.significant = significant;
    g.options = ctx.options();
    g.options["significance"] = pseudo ? "pseudo" : "analytic";  // the rule's outcome, not "auto"
    out->global_rows.push_back(std::move(g));
    ctx.info(std::to_string(significant) + " of " + std::to_string(r.value.size()) +
             " districts are hot or cold spots at 90 % or more");
    return out;
}

}  // namespace trygg::pipeline
