// SPDX-License-Identifier: MIT
#pragma once
// aggregate's population value column when "population" names none (issue 18: an SCB export
// as downloaded, "Folkmängden per region ...", has one number column besides the area code,
// and a planner should not have to know it is called "totalt").
#include <trygg/core/area_table.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

// The columns of `table` other than its key and `taken` (sex, age, year columns) whose cells
// are all numbers or SCB's missing markers, with at least one number. aggregate uses the one
// candidate when there is exactly one.
std::vector<std::string> population_value_candidates(const core::AreaTable& table,
                                                     const std::vector<std::string>& taken);

}  // namespace trygg::pipeline
