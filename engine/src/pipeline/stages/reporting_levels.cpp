// SPDX-License-Identifier: MIT
#include "reporting_levels.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/spatial/nesting.hpp>
#include <trygg/core/warning_code.hpp>

#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace trygg::pipeline {

namespace {

constexpr double nested_share = 0.95;

std::string percent(double share) { return std::to_string(static_cast<int>(std::floor(share * 100.0))) + " %"; }

}  // namespace

std::vector<AggregateLevel> nest_levels(const StageContext& ctx, const std::vector<std::string>& tags,
                                        const core::DistrictLayer& finest)
{
    std::vector<AggregateLevel> out;
    for (const auto& tag : tags) {
        auto districts = std::dynamic_pointer_cast<const DistrictsArtifact>(ctx.input_tagged(tag));
        if (!districts)
            ctx.fail_input("\"levels\": '" + tag + "' is no read.districts stage");
        AggregateLevel level;
        level.name = tag;
        level.districts = districts;
        const auto nest = spatial::nesting(finest.polygons, districts->layer.polygons);
        for (const auto& e : nest) {
            level.parent.push_back(e.outer);
            level.nested_share.push_back(e.share);
        }
        const auto loose = spatial::not_nested(nest, nested_share);
        std::string list;
        for (std::size_t k = 0; k < loose.size() && k < 5; ++k) {
            const auto& e = nest[loose[k]];
            list += (k ? ", " : "") + finest.codes[loose[k]] + " (" + percent(e.share) + " in " +
                    (e.outer < 0 ? std::string("none") : districts->layer.codes[static_cast<std::size_t>(e.outer)]) + ")";
        }
        for (std::size_t k = 0; k < nest.size(); ++k)
            if (nest[k].outer < 0)
                ctx.fail_data("\"levels\": district " + finest.codes[k] + " of '" + finest.source +
                              "' lies in no district of level '" + tag + "' ('" + districts->layer.source +
                              "'); a coarser level must cover the districts the incidents are counted in");
        if (!loose.empty())
            ctx.warn("\"levels\": " + std::to_string(loose.size()) + " districts are not nested in level '" + tag +
                     "' (less than 95 % of their area in one district): " + list + (loose.size() > 5 ? ", ..." : "") +
                     "; each is counted in the one holding most of it");
        out.push_back(std::move(level));
    }
    return out;
}

core::AreaTable population_for_level(const core::AreaTable& population, const core::DistrictLayer& finest,
                                     const AggregateLevel& level)
{
    const auto& codes = level.districts->layer.codes;
    const auto index = finest.code_index();
    std::unordered_set<std::string> has_rows;
    for (std::size_t r = 0; r < population.rows.size(); ++r)
        if (index.count(population.key(r)))
            has_rows.insert(population.key(r));
    std::vector<char> complete(codes.size(), 1);
    for (std::size_t d = 0; d < finest.size(); ++d)
        if (!has_rows.count(finest.codes[d]))
            complete[static_cast<std::size_t>(level.parent[d])] = 0;
    core::AreaTable out = population;
    out.rows.clear();
    out.source_rows.clear();
    const auto key = static_cast<std::size_t>(population.column_index(population.key_column));
    for (std::size_t r = 0; r < population.rows.size(); ++r) {
        auto it = index.find(population.key(r));
        if (it == index.end())
            continue;
        const auto p = static_cast<std::size_t>(level.parent[static_cast<std::size_t>(it->second)]);
        if (!complete[p])
            continue;
        out.rows.push_back(population.rows[r]);
        out.rows.back()[key] = codes[p];
        if (r < population.source_rows.size())
            out.source_rows.push_back(population.source_rows[r]);
    }
    return out;
}

void count_level_results(const StageContext& ctx, const AggregateArtifact& artifact, std::vector<AggregateLevel>& levels,
                         const core::AreaTable* population, const stats::AggregateOptions& options)
{
    const auto& assigned = *artifact.assigned;
    const auto& finest = assigned.districts->layer;
    auto level_options = options;
    level_options.suppress_below = 0;  // withheld by the plan over all levels
    for (auto& level : levels) {
        std::vector<std::int32_t> district_of(assigned.district.size(), -1);
        for (std::size_t i = 0; i < district_of.size(); ++i)
            if (assigned.district[i] >= 0)
                district_of[i] = level.parent[static_cast<std::size_t>(assigned.district[i])];
        std::optional<core::AreaTable> level_population;
        if (population && !options.population_value.empty())
            level_population = population_for_level(*population, finest, level);
        level.result = stats::aggregate(assigned.incidents->table, district_of, level.districts->layer,
                                        level_population ? &*level_population : nullptr, level_options, &ctx.cancel());
        if (level.result.periods != artifact.result.periods)
            ctx.fail_data("\"levels\": level '" + level.name + "' has other periods than the districts it is "
                          "counted from");
    }
}

void report_shares(const StageContext& ctx, AggregateArtifact& artifact)
{
    auto& report = artifact.level_report;
    report.recommended = stats::recommended_level(
        [&] {
            std::vector<stats::PublishedShare> all;
            for (const auto& s : report.shares)
                all.push_back(s.back());
            return all;
        }(),
        report.min_share);
    std::string shares;
    for (std::size_t i = 0; i < report.shares.size(); ++i)
        shares += (i ? "; " : "") + share_name(artifact, i) + " " + percent(report.shares[i].back().share());
    if (!report.withholds)
        ctx.info("levels: nothing is withheld in this run (" + shares + " of non-zero cells published)");
    else if (report.recommended >= 0)
        ctx.info("recommended level: " + share_name(artifact, static_cast<std::size_t>(report.recommended)) + ", " +
                 percent(report.shares[static_cast<std::size_t>(report.recommended)].back().share()) +
                 " of non-zero cells published (" + shares + ")");
    else
        // A warning, not info: the analyst in a batch run must see that the publication is mostly withheld.
        ctx.warn(core::coded_warning(
            "no reporting level publishes " + percent(report.min_share) + " of its non-zero cells (" + shares +
                (report.lengths.empty() ? "); pool periods or add a coarser level"
                                        : "); add a coarser level or a longer period"),
            {"levels_mostly_withheld",
             {{"share", percent(report.min_share)}, {"shares", shares},
              {"advice", report.lengths.empty() ? "pool_periods" : "longer_period"}}}));
}

void count_levels(const StageContext& ctx, AggregateArtifact& artifact, std::vector<AggregateLevel> levels,
                  const core::AreaTable* population, const stats::AggregateOptions& options,
                  const std::string& finest_name, double min_share)
{
    auto& report = artifact.level_report;
    report = {};
    report.finest = finest_name;
    report.min_share = min_share;
    report.withholds = options.suppress_below > 1 && !options.cell_key_noise;
    count_level_results(ctx, artifact, levels, population, options);
    if (report.withholds) {
        std::vector<const stats::AggregateResult*> results;
        std::vector<std::vector<int>> parents;
        for (const auto& level : levels) {
            results.push_back(&level.result);
            parents.push_back(level.parent);
        }
        auto masks = stats::plan_levels(artifact.result, results, parents, options.suppress_below);
        stats::withhold_blocks_with_lines_of_ones(artifact.result, results, parents, masks);
        stats::withhold_cells(artifact.result, masks[0]);
        for (std::size_t l = 0; l < levels.size(); ++l)
            stats::withhold_cells(levels[l].result, masks[l + 1]);
    }
    artifact.result.options = options;  // as published: the plan's threshold
    report.shares.push_back(stats::published_shares(artifact.result));
    for (auto& level : levels) {
        level.result.options = options;
        report.shares.push_back(stats::published_shares(level.result));
    }
    artifact.levels = std::move(levels);
    report_shares(ctx, artifact);
}

}  // namespace trygg::pipeline
