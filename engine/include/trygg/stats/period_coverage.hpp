// SPDX-License-Identifier: MIT
#pragma once
// The time an incident source really covers, and which periods lie wholly inside it. A
// register that ends on 28 March covers only part of the first half-year: that period is
// incomplete, kept in the tables (flagged), and never chosen as "latest" by default.
//
// Measured coverage: from the day of the first record to the end of the day of the last,
// leaving out isolated strays. A stray is a small group of records (at most 1 % of them, at
// most 10) at either end, cut off from the rest by a gap that is
//   - at least 30 days,
//   - more than 50 times the typical gap between records (the spread of the central 90 % of
//     times divided by the records in it), and
//   - more than 10 times every one of the next 10 gaps inwards (so a register whose oldest
//     records thin out gradually has no stray; one record a year after a dense series does).
// Strays are still counted, in their own (incomplete) period; the aggregate stage names them
// in the internal log. A declared range (aggregate option "covered") replaces the measurement.
//
// A period [begin, end) is complete when it lies inside the covered range, give or take the
// tolerance: for a measured range max(1 day, 5 typical gaps), at most a quarter of the
// period; for a declared range none.
#include <trygg/core/incident_table.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trygg::stats {

struct TimeCoverage {
    core::Minutes from = core::no_time;  // first minute covered
    core::Minutes to = core::no_time;    // end of the range, exclusive
    bool declared = false;               // given by the analyst (not measured)
    core::Minutes typical_gap = 0;       // measured: the typical gap between records
    std::vector<std::size_t> strays;     // measured: records far outside the rest (indices given)

    bool known() const { return from != core::no_time && to != core::no_time; }
};

// The coverage of `records` (indices into t with a time; others are skipped).
TimeCoverage measure_coverage(const core::IncidentTable& t, const std::vector<std::size_t>& records);
// The same on bare times (index i of the result's strays is times[i]); for tests and callers
// without a table.
TimeCoverage measure_coverage(const std::vector<core::Minutes>& times);
// The coverage of every record of `t` with a time, or [declared_from, declared_to) when
// declared_from is set (not no_time).
TimeCoverage incident_coverage(const core::IncidentTable& t, core::Minutes declared_from = core::no_time,
                               core::Minutes declared_to = core::no_time);
// How many records have one time: a streamed count keeps these (distinct times, in increasing
// order), not every record's time.
struct TimeCount {
    core::Minutes time = core::no_time;
    std::uint64_t count = 0;
};
// The coverage of the records counted in `counts`, as measure_coverage gives it for the records
// themselves; strays are given by rank (0 the earliest record, in the order by time and then by
// the records' own order, which `counts` does not hold: the caller keeps the records at the ends).
TimeCoverage measure_coverage(const std::vector<TimeCount>& counts);
// A declared range of whole days, both inclusive ("2017-07-01" to "2024-03-31").
TimeCoverage declared_coverage(core::Minutes first_day, core::Minutes last_day);

// [begin, end) of a period label: "2024H1", "2024Q3", "2024-05" or "2024"; false if not one.
bool period_bounds(const std::string& label, core::Minutes& begin, core::Minutes& end);
// Whether the period lies inside the covered range (see the tolerance above). Unknown
// coverage or an unreadable label: complete (nothing to judge by).
bool period_complete(const TimeCoverage& coverage, const std::string& label);
std::vector<char> complete_periods(const TimeCoverage& coverage, const std::vector<std::string>& labels);
// The last complete period; when no period is complete, the last one (the caller warns);
// -1 when there are none.
int latest_complete_period(const std::vector<std::string>& labels, const std::vector<char>& complete);

// "2017-07-18" for a minute; the last day of a range is the day before `to`.
std::string day_text(core::Minutes t);
// The ends of the range as published: days ("2017-07-18"), or with `months_only` months
// ("2017-07") for a measured range, whose ends are the dates of single records (a publication
// must not hold those); a declared range is the analyst's and always in days.
std::string coverage_from_text(const TimeCoverage& coverage, bool months_only = false);
std::string coverage_to_text(const TimeCoverage& coverage, bool months_only = false);
// "2017-07-18 – 2024-03-28" (an en dash), or "2017-07 – 2024-03"; empty when unknown.
std::string coverage_text(const TimeCoverage& coverage, bool months_only = false);

}  // namespace trygg::stats
