// SPDX-License-Identifier: MIT
#pragma once
// Row decoder of an incident register: one source row (text cells, optional point geometry)
// into one incident, or into a reject with the field and the reason. Coordinates stay in the
// source's CRS; the reader transforms them in bulk afterwards.
#include <trygg/core/incident_table.hpp>
#include <trygg/io/incident_fields.hpp>
#include <trygg/io/record_reader.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trygg::io {

struct IncidentRowSettings {
    IncidentColumns columns;
    std::vector<std::string> field_names;  // the header's names, for the rejects' field
    bool has_geometry = false;             // the source has point geometry (used without x/y, lon/lat)
    // Study period [from, to): rows outside it are rejects in bucket "outside".
    core::Minutes from = INT64_MIN, to = INT64_MAX;
    // Freezing closed periods: a row dated before this and registered on or after it is a
    // reject in bucket "outside" (it belongs to a later release). INT64_MIN: no freezing.
    core::Minutes freeze_before = INT64_MIN;
    // Category text -> crime group bits, 0 when the catalogue does not know it. Empty: no
    // catalogue, every row gets `fallback_groups`.
    std::function<std::uint16_t(std::string_view)> groups_of;
    std::uint16_t fallback_groups = 1;  // groups of an unknown category (the catalogue's "ovrigt")
};

// Where a row's coordinates came from, in order of preference.
enum class CoordinateSource : std::uint8_t { none, xy, lonlat, geometry };

struct DecodedIncident {
    double x = std::numeric_limits<double>::quiet_NaN(), y = std::numeric_limits<double>::quiet_NaN();
    CoordinateSource coordinates = CoordinateSource::none;
    core::LocationStatus status = core::LocationStatus::not_located;
    core::Minutes time = core::no_time;  // no_time when time is not mapped
    bool has_clock = false;
    std::uint16_t groups = 0;
    bool unknown_category = false;  // not in the catalogue: counted as fallback_groups
    core::Sex sex = core::Sex::unknown;
    bool invalid_sex = false;  // text that is no sex: taken as unknown
    std::int16_t age = -1;
    bool invalid_age = false;  // not a whole number 0-120: taken as unknown
    // Views into the row's cells (valid while the row is).
    std::string_view id, area_code, address, category;
    // The record's content as read, hashed (core/record_identity.hpp): its identity when it has no id.
    std::uint64_t content_hash = 0;
};

// "M", "man", "pojke", "1", "K", "kvinna", "flicka", "2", ... (case folded); "" is unknown.
core::Sex parse_sex(std::string_view text, bool& invalid);

class IncidentRowDecoder {
public:
    explicit IncidentRowDecoder(IncidentRowSettings settings) : s_(std::move(settings)) {}

    // Decodes `row`: true with `out` filled, or false with `reject` filled (row, id, bucket
    // "rejected" or "outside", field, reason); `reject` is not touched for a kept row.
    // Category lookups are cached per distinct text.
    bool decode(const RecordRow& row, DecodedIncident& out, core::Reject& reject);

private:
    std::string_view cell(const RecordRow& row, int c) const
    {
        return c < 0 ? std::string_view() : row.cells[static_cast<std::size_t>(c)];
    }
    std::string name_of(int c) const { return c < 0 ? std::string() : s_.field_names[static_cast<std::size_t>(c)]; }
    // Parses the coordinate pair in columns cx, cy: false with the reason for a bad number.
    bool read_pair(const RecordRow& row, int cx, int cy, CoordinateSource source, DecodedIncident& out,
                   core::Reject& reject) const;
    bool locate(const RecordRow& row, DecodedIncident& out, core::Reject& reject) const;
    std::uint16_t groups_of(std::string_view category, bool& unknown);
    // Freezing: false with `reject` filled when the row was registered after the freeze date.
    bool frozen_keep(const RecordRow& row, core::Reject& reject) const;
    // decode without the reject's row, id and default bucket, which only a refused row needs:
    // kept rows (nearly all) then build no Reject. `reject`'s fields are written only on
    // the way to returning false.
    bool decode_fields(const RecordRow& row, DecodedIncident& out, core::Reject& reject);

    IncidentRowSettings s_;
    // Registers repeat a few hundred codes; keys are views into group_keys_ (a deque: its
    // strings never move).
    std::unordered_map<std::string_view, std::uint16_t> group_cache_;
    std::deque<std::string> group_keys_;
    core::Reject failure_;  // empty between rows
};

}  // namespace trygg::io
