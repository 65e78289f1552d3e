// SPDX-License-Identifier: MIT
#pragma once
// Header mapper of an incident register: which column of a source holds each incident field,
// from the pipeline's field mapping ({"id": "..", "time": "..", ...}) and the source's header.
#include <trygg/io/record_reader.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace trygg::io {

// Column name per incident field; none when the field is not mapped.
struct IncidentFields {
    std::optional<std::string> id, time, category, x, y, lon, lat, area_code, address, sex, age;
    std::optional<std::string> registered;  // when the incident was registered (for freezing closed periods)

    // The mapping keys, in the order the reader resolves them ("id", "time", ..., "registered").
    static constexpr std::array<std::string_view, 12> keys{"id", "time", "category", "x", "y", "lon", "lat",
                                                          "area_code", "address", "sex", "age", "registered"};
    // The member a key names; nullptr for an unknown key.
    std::optional<std::string>* find(std::string_view key);
};

// Column index per incident field in one source's header; -1 when not mapped.
struct IncidentColumns {
    int id = -1, time = -1, category = -1, x = -1, y = -1, lon = -1, lat = -1, area_code = -1, address = -1,
        sex = -1, age = -1, registered = -1;
};

// Resolves the mapping against `header`. A mapped column missing from the header throws
// core::InputError naming the column, its key and `source`, with the header's field list
// (and a hint when the header is one field holding delimiters: a wrong "delimiter").
IncidentColumns map_incident_header(const IncidentFields& fields, const Records& header, const std::string& source);

}  // namespace trygg::io
