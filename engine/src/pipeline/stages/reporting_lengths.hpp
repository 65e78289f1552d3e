// SPDX-License-Identifier: MIT
#pragma once
// The aggregate stage's several period lengths ("periods": ["half-year", "year"], issue 15,
// part periods): each coarser length counted for the finest districts and every reporting
// level, all tables withheld by one plan (stats::plan_levels_and_lengths), and the shares per
// level × length with the recommended one.
#include <trygg/core/area_table.hpp>
#include <trygg/pipeline/aggregate_levels.hpp>
#include <trygg/stats/aggregate.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

class StageContext;
struct AggregateArtifact;

// `kinds`: the lengths, finest first (artifact.result is counted at kinds[0], without
// suppression); `levels`: nested as by nest_levels (results still empty), may be empty.
void count_lengths(const StageContext& ctx, AggregateArtifact& artifact, std::vector<AggregateLevel> levels,
                   const std::vector<stats::PeriodKind>& kinds, const core::AreaTable* population,
                   const stats::AggregateOptions& options, const std::string& finest_name, double min_share);

}  // namespace trygg::pipeline
