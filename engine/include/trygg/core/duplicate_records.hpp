// SPDX-License-Identifier: MIT
#pragma once
// Duplicate records in an incident table: rows a register lists more than once. Two records
// are the same content when every field the engine read from them is equal: time (and whether
// it had a clock), category text, location (status, coordinates, area code), address, sex and
// age. Columns the field mapping does not name are never read, so rows differing only there
// (e.g. the Västerås register's `source_file`) are exact duplicates.
#include <trygg/core/incident_table.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace trygg::core {

// Record `index` repeats the earlier record `first`.
struct RepeatedRecord {
    std::size_t index = 0;
    std::size_t first = 0;
    // Empty for an exact duplicate; for the same id with other content, the first field that
    // differs ("time", "category", "location", "area_code", "address", "sex", "age").
    std::string differing_field;
};

struct DuplicateScan {
    // Exact duplicates: the same id and content, or (no id) the same content; `first` is the
    // earliest record with that id and content. In table order.
    std::vector<RepeatedRecord> exact;
    // Records with an id seen before but content unlike every earlier record with that id;
    // `first` is the earliest record with that id. In table order.
    std::vector<RepeatedRecord> conflicting;
    // Distinct non-empty ids on more than one record (exact or not).
    std::size_t repeated_ids = 0;
};

// The first field in which records i and j differ (names as in RepeatedRecord), empty when
// they have the same content. Ids are not compared.
std::string first_content_difference(const IncidentTable& t, std::size_t i, std::size_t j);

// Scans the table once. Records without an id are matched on `content_hash` (or
// content_hash_of when the table has none), confirmed field by field. The keys are made and
// sorted on `threads` threads; the result does not depend on their number.
DuplicateScan find_duplicate_records(const IncidentTable& t, unsigned threads = 1);

}  // namespace trygg::core
