// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/io/incident_fields.hpp>

namespace trygg::io {

std::optional<std::string>* IncidentFields::find(std::string_view key)
{
    std::optional<std::string>* members[] = {&id, &time, &category, &x, &y, &lon, &lat, &area_code, &address, &sex, &age, &registered};
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key)
            return members[i];
    return nullptr;
}

IncidentColumns map_incident_header(const IncidentFields& fields, const Records& header, const std::string& source)
{
    auto column = [&](std::string_view key, const std::optional<std::string>& mapped) -> int {
        if (!mapped)
            return -1;
        const std::string& name = *mapped;
        const int i = header.field_index(name);
        if (i < 0) {
            const bool one_field =
                header.fields.size() == 1 && header.fields[0].find_first_of(";,\t|") != std::string::npos;
            throw core::with_detail(
                core::InputError("field '" + name + "' (\"" + std::string(key) + "\") not found in '" + source +
                                 "' (the fields are: " + header.field_list() + ")" +
                                 (one_field ? "; the header has one field: is \"delimiter\" right?" : "")),
                {"field_not_found",
                 {{"file", source}, {"field", name}, {"role", std::string(key)}, {"fields", header.field_list()}}});
        }
        return i;
    };
    IncidentColumns c;
    c.id = column("id", fields.id);
    c.time = column("time", fields.time);
    c.category = column("category", fields.category);
    c.x = column("x", fields.x);
    c.y = column("y", fields.y);
    c.lon = column("lon", fields.lon);
    c.lat = column("lat", fields.lat);
    c.area_code = column("area_code", fields.area_code);
    c.address = column("address", fields.address);
    c.sex = column("sex", fields.sex);
    c.age = column("age", fields.age);
    c.registered = column("registered", fields.registered);
    return c;
}

}  // namespace trygg::io
