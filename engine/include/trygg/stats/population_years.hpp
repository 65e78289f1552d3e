// SPDX-License-Identifier: MIT
#pragma once
// Population by year: each period's rates use the population of the period's own calendar year;
// a period whose year no population row gives uses the nearest year one does (the earlier of
// two equally near), and the run says so.
#include <trygg/core/area_table.hpp>

#include <string>
#include <vector>

namespace trygg::stats {

// The calendar year of a period label: "2023H2", "2023Q1", "2023-05", "2023" -> 2023.
int period_year(const std::string& label);

// The distinct years in `column` of `table`, ascending (cells that are not a year are left out).
std::vector<int> population_table_years(const core::AreaTable& table, int column);

// For each period, the population year it uses: its own when `years` (ascending) holds it,
// else the nearest; every entry 0 when `years` is empty (a table without years serves all).
std::vector<int> population_year_of_periods(const std::vector<std::string>& periods, const std::vector<int>& years);

// The periods that use another year than their own, runs of consecutive periods joined:
// "2019H1–2021H2 use 2022; 2024H1 uses 2023". Empty when every period has its own year.
std::string describe_population_fallbacks(const std::vector<std::string>& periods, const std::vector<int>& used);

}  // namespace trygg::stats
