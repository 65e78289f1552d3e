// SPDX-License-Identifier: MIT
#include <trygg/core/area_table.hpp>
#include <trygg/core/datetime.hpp>
#include <trygg/core/text.hpp>
#include <trygg/io/incident_row_decoder.hpp>
#include <trygg/core/demography.hpp>
#include <trygg/core/record_identity.hpp>

#include <cmath>
#include <utility>

namespace trygg::io {

// A cell that names no single sex ("", "alla", "båda könen") is unknown without complaint.
core::Sex parse_sex(std::string_view text, bool& invalid)
{
    const auto sex = core::parse_sex(text);
    invalid = !sex;
    return !sex ? core::Sex::unknown
                : *sex == core::SexLabel::man ? core::Sex::man
                : *sex == core::SexLabel::kvinna ? core::Sex::kvinna : core::Sex::unknown;
}

namespace {
// The published category of a time the parser refused: the parser's reason without the
// quoted value, from a fixed list (anything else is "unreadable date").
std::string date_category(std::string_view why)
{
    static const char* const known[] = {"empty date", "not a date", "impossible date", "not a time",
                                        "impossible time", "not a UTC offset", "impossible UTC offset"};
    for (const char* k : known)
        if (why.starts_with(k))
            return k;
    if (why.starts_with("year "))
        return "year out of range";
    if (why.starts_with("unexpected text"))
        return "unexpected text after the time";
    return "unreadable date";
}
}  // namespace

bool IncidentRowDecoder::read_pair(const RecordRow& row, int cx, int cy, CoordinateSource source,
                                   DecodedIncident& out, core::Reject& reject) const
{
    const auto sx = cell(row, cx), sy = cell(row, cy);
    if (sx.empty() && sy.empty())
        return true;  // nothing here: the next source is tried
    const auto vx = core::parse_number(sx), vy = core::parse_number(sy);
    if (!vx || !vy) {
        reject.field = !vx ? name_of(cx) : name_of(cy);
        {
            // nan/inf are numbers that are not finite; 0x1F, "12 m" and the like are no numbers.
            const std::string text = core::fold_case(!vx ? sx : sy);
            const bool non_finite = text.find("nan") != std::string::npos || text.find("inf") != std::string::npos;
            reject.reason = std::string(non_finite ? "not a finite number: '" : "not a number: '") +
                            core::shown_value(!vx ? sx : sy) + "'";
        }
        reject.category = "coordinate not a number";
        return false;
    }
    out.x = *vx;
    out.y = *vy;
    out.coordinates = source;
    return true;
}

// x/y, else lon/lat, else the point geometry, else the area code; none of them: not located.
bool IncidentRowDecoder::locate(const RecordRow& row, DecodedIncident& out, core::Reject& reject) const
{
    const auto& c = s_.columns;
    if (c.x >= 0 && !read_pair(row, c.x, c.y, CoordinateSource::xy, out, reject))
        return false;
    if (out.coordinates == CoordinateSource::none && c.lon >= 0 &&
        !read_pair(row, c.lon, c.lat, CoordinateSource::lonlat, out, reject))
        return false;
    if (out.coordinates == CoordinateSource::lonlat && (std::abs(out.x) > 180 || std::abs(out.y) > 90)) {
        reject.field = name_of(std::abs(out.x) > 180 ? c.lon : c.lat);
        reject.reason = "longitude/latitude out of range";
        reject.category = reject.reason;
        return false;
    }
    if (out.coordinates == CoordinateSource::none && s_.has_geometry && row.point && *row.point) {
        out.x = (*row.point)->x;
        out.y = (*row.point)->y;
        out.coordinates = CoordinateSource::geometry;
    }
    if (out.coordinates != CoordinateSource::none) {
        out.status = core::LocationStatus::located;
    } else if (!cell(row, c.area_code).empty()) {
        out.status = core::LocationStatus::area_code;
        out.area_code = cell(row, c.area_code);
    }
    return true;
}

std::uint16_t IncidentRowDecoder::groups_of(std::string_view category, bool& unknown)
{
    unknown = false;
    if (!s_.groups_of)
        return s_.fallback_groups;
    auto it = group_cache_.find(category);
    if (it == group_cache_.end())
        it = group_cache_.emplace(group_keys_.emplace_back(category), s_.groups_of(category)).first;
    if (it->second != 0)
        return it->second;
    unknown = true;
    return s_.fallback_groups;
}

// A row of a closed period stays unless it was registered after the freeze date; a registration
// that is no date is a reject, an empty one is kept (nothing says it is late).
bool IncidentRowDecoder::frozen_keep(const RecordRow& row, core::Reject& reject) const
{
    const auto text = cell(row, s_.columns.registered);
    if (text.empty())
        return true;
    std::string why;
    const auto registered = core::parse_datetime(text, &why);
    if (!registered) {
        reject.field = name_of(s_.columns.registered);
        reject.reason = why;
        reject.category = "registration date not a date";
        return false;
    }
    if (registered->minutes < s_.freeze_before)
        return true;
    reject.field = name_of(s_.columns.registered);
    reject.bucket = "outside";
    reject.reason = "registered after the freeze date of its closed period";  // no exact date: record-level
    reject.category = reject.reason;
    return false;
}

bool IncidentRowDecoder::decode(const RecordRow& row, DecodedIncident& out, core::Reject& reject)
{
    if (decode_fields(row, out, failure_))
        return true;
    reject = std::exchange(failure_, core::Reject{});
    reject.row = row.number;
    reject.id = std::string(out.id);
    if (reject.bucket.empty())
        reject.bucket = "rejected";
    return false;
}

bool IncidentRowDecoder::decode_fields(const RecordRow& row, DecodedIncident& out, core::Reject& reject)
{
    const auto& c = s_.columns;
    out = DecodedIncident{};
    out.id = cell(row, c.id);
    if (!row.problem.empty()) {
        reject.reason = std::string(row.problem);
        reject.category = "malformed row";
        return false;
    }
    std::string why;
    // Without a time mapping (e.g. meeting places) rows carry no time; aggregate refuses them.
    if (c.time >= 0) {
        const auto when = core::parse_datetime(cell(row, c.time), &why);
        if (!when) {
            reject.field = name_of(c.time);
            reject.reason = why;
            reject.category = date_category(why);
            return false;
        }
        if (when->minutes < s_.from || when->minutes >= s_.to) {
            reject.bucket = "outside";
            reject.field = name_of(c.time);
            reject.reason = "date '" + core::shown_value(cell(row, c.time)) + "' is outside the study period";
            reject.category = "outside the study period";
            return false;
        }
        out.time = when->minutes;
        out.has_clock = when->has_clock;
        if (out.time < s_.freeze_before && !frozen_keep(row, reject))
            return false;
    }
    if (!locate(row, out, reject))
        return false;
    out.category = cell(row, c.category);
    out.groups = groups_of(out.category, out.unknown_category);
    if (c.sex >= 0)
        out.sex = parse_sex(cell(row, c.sex), out.invalid_sex);
    if (const auto text = cell(row, c.age); !text.empty()) {
        const auto a = core::parse_number(text);
        if (a && *a >= 0 && *a <= 120 && std::floor(*a) == *a)
            out.age = static_cast<std::int16_t>(*a);
        else
            out.invalid_age = true;
    }
    out.address = cell(row, c.address);
    // Decoded values, not cell text, so that a re-export with another date or number format
    // keeps every record's identity; coordinates before any transformation.
    // Only rows without an id need it (an id is the record's identity, record_identity.hpp);
    // hashing every row of a million-row register with ids cost a tenth of the read.
    if (!out.id.empty())
        return true;
    const bool located = out.coordinates != CoordinateSource::none;
    out.content_hash = core::RecordContentHash()
                           .integer(out.time)
                           .integer(out.has_clock)
                           .text(out.category)
                           .integer(static_cast<int>(out.coordinates))
                           .number(located ? out.x : std::nan(""))
                           .number(located ? out.y : std::nan(""))
                           .text(out.area_code)
                           .text(out.address)
                           .integer(static_cast<int>(out.sex))
                           .integer(out.age)
                           .finish();
    return true;
}

}  // namespace trygg::io
