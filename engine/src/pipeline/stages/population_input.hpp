// SPDX-License-Identifier: MIT
#pragma once
// aggregate's population input: one table, or several (one per year, named by
// "population": {"tables": [...]}) gathered into one table with a year column, so that each
// period's rates use the population of its own year (stats/population_years.hpp).
#include <trygg/core/area_table.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/aggregate.hpp>

#include <optional>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct PopulationColumns {
    std::string value, sex, age, year;  // as in "population"; year empty: the tables' own years
    std::vector<std::string> tables;    // "tables": tags of read.table stages (empty: the table input)
};

// The population table aggregate reads, and the column (if any) holding each row's year.
// Fails (exit 4) naming the stage, file, row and field for a year cell that is not a year, a
// table of several without a year, two tables of one year or a missing value column.
struct PopulationInput {
    core::AreaTable table;
    std::string year_column;
};
std::optional<PopulationInput> gather_population(const StageContext& ctx, const PopulationColumns& columns,
                                                 const core::AreaTable* slot_table);

// After aggregating: one warning for the periods whose own year has no population (with the
// year each uses), one for age bands the population's age groups cannot build, and the
// population year of each period in the manifest.
void report_population_years(const StageContext& ctx, const stats::AggregateResult& result);

}  // namespace trygg::pipeline
