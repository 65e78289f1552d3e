// SPDX-License-Identifier: MIT
#pragma once
// Incidents as a columnar table (struct of arrays). One entry per input row that is a valid
// record; rows rejected while reading are kept in `rejects` with the reason instead.
#include <trygg/core/geometry.hpp>
#include <trygg/core/reject_rows.hpp>
#include <trygg/core/shared_column.hpp>
#include <trygg/core/text_columns.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::core {

enum class Sex : std::uint8_t { unknown = 0, man = 1, kvinna = 2 };

enum class LocationStatus : std::uint8_t {
    located = 0,      // x/y in the working CRS
    area_code = 1,    // only an area code (e.g. a DeSO code); assign resolves it
    not_located = 2,  // no usable location yet (e.g. only an address, for the geocoder)
};

// Minutes since 1970-01-01 00:00 in Swedish wall-clock time (Europe/Stockholm; see core/datetime.hpp).
using Minutes = std::int64_t;
constexpr Minutes no_time = INT64_MIN;

struct IncidentTable {
    std::string source;  // file the rows came from
    // Column per record (all the same length). The geocoder changes x, y, status and
    // not_located_reason; the others are shared between a table and its copies.
    std::vector<double> x, y;                // NaN when not located
    SharedColumn<Minutes> time;              // no_time only when the source has no time mapping
    SharedColumn<std::uint8_t> has_clock;    // 0 when only a date was given
    SharedColumn<std::uint16_t> groups;      // bit i = group_names[i]
    SharedColumn<Sex> sex;
    SharedColumn<std::int16_t> age;          // -1 unknown
    std::vector<LocationStatus> status;
    SharedColumn<std::int32_t> area_code;    // index into area_codes, -1 none
    SharedColumn<std::uint32_t> source_row;
    // Hash of each record's content as read (core/record_identity.hpp): the identity of a
    // record without an id (0 for a record with one). Empty when the table was not built by
    // the reader, or when every record it read had an id.
    SharedColumn<std::uint64_t> content_hash;
    // Optional text columns, empty when not mapped:
    TextColumn id;                           // one buffer, an offset a row

    SharedColumn<std::string> address;
    CodedColumn category;                    // distinct values once, a code a row
    // Why a not-located record could not be placed (set by the geocoder; empty when unset).
    std::vector<std::string> not_located_reason;
    // Its fixed-phrase category (Reject::category), set with not_located_reason.
    std::vector<std::string> not_located_category;

    std::vector<std::string> group_names;    // from the crime catalogue
    std::vector<std::string> area_codes;     // distinct area codes seen
    RejectRows rejects;                      // rows not in the columns above
    std::uint64_t rows_read = 0;             // records + rejects
    // False when the source has no time mapping (then every time is no_time and the table
    // cannot be aggregated by period).
    bool has_time = true;
    // The study period the reader kept, [study_from, study_to) (unbounded when not given): the
    // release ledger records each period's actual extent, e.g. a half-year ending 30 November.
    Minutes study_from = INT64_MIN, study_to = INT64_MAX;
    // Crime groups the source does not cover (bit i = group_names[i]): none of the group's codes
    // occurs in it, or the source declared its coverage without it. Their counts are missing,
    // never 0 (stats/source_coverage.hpp).
    std::uint16_t groups_not_in_source = 0;

    std::size_t size() const { return x.size(); }
    int group_index(const std::string& name) const
    {
        for (std::size_t i = 0; i < group_names.size(); ++i)
            if (group_names[i] == name)
                return static_cast<int>(i);
        return -1;
    }
    std::string id_of(std::size_t i) const { return std::string(id_view(i)); }
    std::string_view id_view(std::size_t i) const { return i < id.size() ? id[i] : std::string_view(); }
    // Keeps only the records at `rows` (increasing indexes), in that order, in every column;
    // the rejects and the rest of the description are unchanged.
    void keep(const std::vector<std::size_t>& rows);
};

}  // namespace trygg::core
