// SPDX-License-Identifier: MIT
#pragma once
// Several period lengths in one aggregate (issue 15, part periods): half-years and years, or
// months, quarters, half-years and years, counted side by side. A coarser period is the union
// of the finer periods inside it, so only nested lengths (month ⊂ quarter ⊂ half-year ⊂ year)
// can be published together under one disclosure plan (level_suppression.hpp).
#include <trygg/stats/aggregate.hpp>

#include <string>
#include <vector>

namespace trygg::stats {

// "month", "quarter", "half-year", "year" (the option's spelling).
std::string period_kind_name(PeriodKind kind);
// The Swedish table suffix: "manad", "kvartal", "halvar", "ar".
std::string period_kind_suffix(PeriodKind kind);

// The label of the period of length `to` holding the period `label` of length `from`
// (from no longer than to): ("2024H1", half_year, year) -> "2024".
std::string coarser_period_label(const std::string& label, PeriodKind from, PeriodKind to);

// Per period of `fine`, the index of the period of `coarse` holding it; throws
// core::PipelineError when one is missing (the two were not counted on the same incidents).
std::vector<int> period_parents(const AggregateResult& fine, PeriodKind fine_kind, const AggregateResult& coarse,
                                PeriodKind coarse_kind);

// A coarser period is complete when the coverage holds it wholly (as counted) and every finer
// period inside it is complete (a year with an incomplete half-year is incomplete): updates
// coarse.period_complete.
void complete_from_parts(AggregateResult& coarse, const AggregateResult& fine, const std::vector<int>& parents);

}  // namespace trygg::stats
