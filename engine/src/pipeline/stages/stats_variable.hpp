// SPDX-License-Identifier: MIT
#pragma once
// The variable a statistics stage analyses: a per-district count or rate from an "aggregate"
// artifact (optionally EB-smoothed), or a numeric column of a "table" artifact keyed by
// district code. Shared by the moran, local_moran, gistar and smooth stages.
#include <trygg/core/area_table.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/aggregate.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

struct VariableSpec {
    std::string source = "aggregate";  // aggregate | table
    std::string group;                 // aggregate: crime group
    std::string period = "latest";     // aggregate: period label or "latest"
    std::string measure = "rate";      // aggregate: rate (per 1,000 inhabitants) | count
    std::string smoothing = "none";    // rate: none | eb | spatial_eb | eb_standardised (Assunção-Reis)
    std::string column;                // table: numeric column
};

// Options every statistics stage declares, and their checks (PipelineError naming the stage).
std::vector<OptionSpec> variable_options();
void validate_variable(const nlohmann::json& options, const std::string& tag);
VariableSpec variable_spec(const nlohmann::json& options);

struct Variable {
    std::vector<double> values;  // per district, districts' order
    std::string label;           // e.g. "vald 2024H2 rate per 1,000, EB-smoothed"
    // Publication mode: districts whose value rests on a count the aggregate withholds (or a
    // count summed over periods that is itself small). Local statistics are linear in the
    // values, so their continuous results would reveal those counts.
    std::size_t withheld = 0;
};

// Core, independent of artifacts: counts and population per district (NaN population where
// unknown). Rates are per 1,000; `w` is used by spatial_eb. Throws core::DataError naming the
// district for a missing or zero population.
Variable variable_from_counts(const std::vector<double>& counts, const std::vector<double>& population,
                              const VariableSpec& spec, const spatial::Weights& w,
                              const std::vector<std::string>& codes, const std::string& what);
// Districts without a row or with an empty cell get NaN (the statistic then names them).
Variable variable_from_table(const core::AreaTable& table, const std::string& column,
                             const std::vector<std::string>& codes);
// Per district counts and population of `spec` in an aggregate result.
void aggregate_counts(const stats::AggregateResult& result, const VariableSpec& spec, std::vector<double>& counts,
                      std::vector<double>& population, std::string& what);

// Per district, whether its count for `spec` (summed over the periods used) rests on a count
// the aggregate withholds, or is itself small: what a reader may not learn from a statistic.
// All zero when the aggregate withholds nothing (internal runs, cell-key noise).
std::vector<char> withheld_districts(const stats::AggregateResult& result, const VariableSpec& spec,
                                     const std::vector<double>& counts);

// Withheld local results: in publication mode, when the variable rests on withheld counts,
// the continuous columns (statistic, z, p) become NaN; classes stay. Returns whether it did.
bool withhold_local_results(StageContext& ctx, const Variable& variable,
                            std::vector<std::vector<double>*> continuous);

// Resolves the variable from the stage's inputs: slot `aggregate_slot` ("aggregate") or
// `table_slot` ("table"), whichever `source` names.
Variable resolve_variable(const StageContext& ctx, const spatial::Weights& w, const std::vector<std::string>& codes,
                          std::size_t aggregate_slot, std::size_t table_slot);

// Permutation settings: "permutations", "seed" (null: the run's seed), threads of the run.
struct PermutationSettings {
    std::uint32_t permutations;
    std::uint64_t seed;
    unsigned threads;
};
PermutationSettings permutation_settings(const StageContext& ctx);

// Column prefix: option "prefix", else the stage tag with non-alphanumerics as '_'.
std::string column_prefix(const StageContext& ctx);

}  // namespace trygg::pipeline
