// SPDX-License-Identifier: MIT
#pragma once
// aggregate's period coverage: the "covered" option and what the run says about coverage
// (strays named in the internal log, incomplete periods, the latest complete period).
#include "option_reader.hpp"

#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/aggregate.hpp>

namespace trygg::pipeline {

// "covered": {"from": "2017-07-01", "to": "2024-03-31"} (whole days, both inclusive) as
// [from, to) minutes; from = no_time when not given.
void parse_covered_option(const OptionReader& r, core::Minutes& from, core::Minutes& to);

// Warnings and notes about the aggregate's coverage of `incidents`.
void report_coverage(const StageContext& ctx, const stats::AggregateResult& result,
                     const core::IncidentTable& incidents);

}  // namespace trygg::pipeline
