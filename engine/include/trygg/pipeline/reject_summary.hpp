// SPDX-License-Identifier: MIT
#pragma once
// The published summary of the rows a run did not use (`avvisade`): counts per bucket
// (rejected, not_located, outside) and reason category, never a row, id or input value.
// The counts are protected like any count: 1..suppress_below-1 are withheld, and since each
// bucket's total is published (the manifest's row accounting), a bucket with one withheld
// count gets a second one (stats::withhold_with_total); when no other count of the bucket is
// published, a category of the bucket that did not occur is listed as withheld with it, so
// the total does not reveal which reason the few rows had. Rows the geocoder could not place
// are one category, "not geocoded": their breakdown by outcome is geokodning_sammanfattning's,
// and their number follows from the geocoding totals in the manifest, so the other
// categories of not_located are protected as a line of their own too.
#include <trygg/core/reject_list.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::pipeline {

struct RejectSummaryRow {
    std::string bucket;
    std::string category;
    std::uint64_t count = 0;
    bool withheld = false;
};

// Every category a Reject can carry in `bucket`, in a fixed order (the published vocabulary).
const std::vector<std::string>& reject_categories(std::string_view bucket);

// Rows in bucket order (rejected, not_located, outside), categories alphabetical within one.
std::vector<RejectSummaryRow> summarise_rejects(const core::RejectList& rejects, int suppress_below);

}  // namespace trygg::pipeline
