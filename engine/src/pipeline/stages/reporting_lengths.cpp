// SPDX-License-Identifier: MIT
#include "reporting_lengths.hpp"
#include "reporting_levels.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/level_suppression.hpp>
#include <trygg/stats/period_lengths.hpp>

#include <optional>

namespace trygg::pipeline {

void count_lengths(const StageContext& ctx, AggregateArtifact& artifact, std::vector<AggregateLevel> levels,
                   const std::vector<stats::PeriodKind>& kinds, const core::AreaTable* population,
                   const stats::AggregateOptions& options, const std::string& finest_name, double min_share)
{
    const auto& assigned = *artifact.assigned;
    const auto& layer = assigned.districts->layer;
    auto& report = artifact.level_report;
    report = {};
    report.finest = finest_name;
    report.min_share = min_share;
    report.withholds = options.suppress_below > 1 && !options.cell_key_noise;
    for (auto kind : kinds) {
        report.lengths.push_back(stats::period_kind_name(kind));
        report.length_suffixes.push_back(stats::period_kind_suffix(kind));
    }
    artifact.length = kinds.front();
    count_level_results(ctx, artifact, levels, population, options);

    auto counted = options;
    counted.suppress_below = 0;  // withheld by the plan over every length and level below
    artifact.lengths.clear();
    for (std::size_t t = 1; t < kinds.size(); ++t) {
        AggregateLength len;
        len.kind = kinds[t];
        len.name = stats::period_kind_name(kinds[t]);
        len.suffix = stats::period_kind_suffix(kinds[t]);
        auto o = counted;
        o.period = kinds[t];
        len.result = stats::aggregate(assigned.incidents->table, assigned.district, layer, population, o, &ctx.cancel());
        try {
            len.period_parent = stats::period_parents(artifact.result, kinds.front(), len.result, kinds[t]);
        } catch (const core::PipelineError& e) {
            ctx.fail_data(std::string("\"periods\": ") + e.what());
        }
        stats::complete_from_parts(len.result, artifact.result, len.period_parent);
        for (const auto& level : levels) {
            std::vector<std::int32_t> district_of(assigned.district.size(), -1);
            for (std::size_t i = 0; i < district_of.size(); ++i)
                if (assigned.district[i] >= 0)
                    district_of[i] = level.parent[static_cast<std::size_t>(assigned.district[i])];
            std::optional<core::AreaTable> level_population;
            if (population && !options.population_value.empty())
                level_population = population_for_level(*population, layer, level);
            auto r = stats::aggregate(assigned.incidents->table, district_of, level.districts->layer,
                                      level_population ? &*level_population : nullptr, o, &ctx.cancel());
            if (r.periods != len.result.periods)
                ctx.fail_data("\"periods\": level '" + level.name + "' has other " + len.name +
                              "s than the districts it is counted from");
            r.period_complete = len.result.period_complete;
            len.level_results.push_back(std::move(r));
        }
        artifact.lengths.push_back(std::move(len));
    }

    // tables[level][length]: every count of the run, for one plan.
    auto table = [&](std::size_t l, std::size_t t) -> stats::AggregateResult& {
        if (t == 0)
            return l == 0 ? artifact.result : levels[l - 1].result;
        auto& len = artifact.lengths[t - 1];
        return l == 0 ? len.result : len.level_results[l - 1];
    };
    const std::size_t nl = levels.size() + 1, nt = kinds.size();
    if (report.withholds) {
        std::vector<std::vector<const stats::AggregateResult*>> tables(nl);
        for (std::size_t l = 0; l < nl; ++l)
            for (std::size_t t = 0; t < nt; ++t)
                tables[l].push_back(&table(l, t));
        std::vector<std::vector<int>> parents, period_parents;
        for (const auto& level : levels)
            parents.push_back(level.parent);
        for (const auto& len : artifact.lengths)
            period_parents.push_back(len.period_parent);
        auto masks = stats::plan_levels_and_lengths(tables, parents, period_parents, options.suppress_below);
        stats::withhold_blocks_with_lines_of_ones(tables, parents, period_parents, masks);
        for (std::size_t l = 0; l < nl; ++l)
            for (std::size_t t = 0; t < nt; ++t)
                stats::withhold_cells(table(l, t), masks[l][t]);
    }
    for (std::size_t t = 0; t < nt; ++t)
        for (std::size_t l = 0; l < nl; ++l) {
            auto& r = table(l, t);
            r.options = options;  // as published: the plan's threshold
            if (t > 0)
                r.options.period = kinds[t];
            report.shares.push_back(stats::published_shares(r));
        }
    artifact.levels = std::move(levels);
    report_shares(ctx, artifact);
}

}  // namespace trygg::pipeline
