// SPDX-License-Identifier: MIT
#pragma once
// The aggregate stage's reporting levels ("levels"): how the assigned districts nest in each
// coarser level, the coarser levels' counts and the recommendation line.
#include <trygg/core/area_table.hpp>
#include <trygg/core/district_layer.hpp>
#include <trygg/pipeline/aggregate_levels.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

class StageContext;

// One level per tag (results still empty) with each finest district's enclosing district.
// Warns about districts with less than 95 % of their area in one district of a level; fails
// (exit 5) when a district meets none.
std::vector<AggregateLevel> nest_levels(const StageContext& ctx, const std::vector<std::string>& tags,
                                        const core::DistrictLayer& finest);

// The population table re-keyed to a level's codes (a district's rows count for the district
// holding it); a level district loses its rows unless every finest district in it has some,
// so that its denominator is never a part of its population.
core::AreaTable population_for_level(const core::AreaTable& population, const core::DistrictLayer& finest,
                                     const AggregateLevel& level);

// Counts each level from artifact.assigned's incidents (options as the finest level's, without
// suppression), withholds in it what the finest level's plan implies, fills
// artifact.level_report and prints the shares with the recommended level.
// Counts each level's result from artifact.assigned's incidents, without suppression.
void count_level_results(const StageContext& ctx, const AggregateArtifact& artifact, std::vector<AggregateLevel>& levels,
                         const core::AreaTable* population, const stats::AggregateOptions& options);

// From artifact.level_report's shares: picks the recommended entry and prints the shares
// (info), or warns when no entry reaches the share.
void report_shares(const StageContext& ctx, AggregateArtifact& artifact);

void count_levels(const StageContext& ctx, AggregateArtifact& artifact, std::vector<AggregateLevel> levels,
                  const core::AreaTable* population, const stats::AggregateOptions& options,
                  const std::string& finest_name, double min_share);

}  // namespace trygg::pipeline
