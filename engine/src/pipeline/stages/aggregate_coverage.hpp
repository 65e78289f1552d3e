// SPDX-License-Identifier: MIT
#pragma once
// aggregate's period coverage: the "covered" option and what the run says about coverage
// (strays named in the internal log, incomplete periods, the latest complete period).
#include "option_reader.hpp"

#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/aggregate.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace trygg::pipeline {

// "covered": {"from": "2017-07-01", "to": "2024-03-31"} (whole days, both inclusive) as
// [from, to) minutes; from = no_time when not given.
void parse_covered_option(const OptionReader& r, core::Minutes& from, core::Minutes& to);

// What the coverage warnings say about the records counted: their source, how many lie
// outside a declared range, and each stray's name ("row 12 (id A7) on 2024-01-02").
struct CoverageRecords {
    std::string source;
    std::size_t outside_declared = 0;
    std::function<std::string(std::size_t stray)> name;  // a TimeCoverage::strays entry
};
// Those of a whole incident table.
CoverageRecords coverage_records(const core::IncidentTable& incidents, const stats::TimeCoverage& coverage);
// "row 12 (id A7) on 2024-01-02"
std::string stray_name(std::uint64_t row, std::string_view id, core::Minutes time);

// Warnings and notes about the aggregate's coverage of the records.
void report_coverage(const StageContext& ctx, const stats::AggregateResult& result, const CoverageRecords& records);

}  // namespace trygg::pipeline
