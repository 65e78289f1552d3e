#pragma once
// Dates and times as written in Swedish registers: "2024-03-05", "2024-03-05 14:30",
// "2024-03-05T14:30:00", "2024-03-05 14:30:00 +01:00" (offset ignored: local time is kept),
// "2024/03/05 14:30:00" (GDAL's form), "20240305".
#include <trygg/core/incident_table.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace trygg::core {

struct ParsedTime {
    Minutes minutes = 0;  // local civil minutes since 1970-01-01
    bool has_clock = false;
};

// nullopt with `why` set for text that is not a valid date (e.g. "2023-02-30").
std::optional<ParsedTime> parse_datetime(std::string_view text, std::string* why = nullptr);

std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_minutes(Minutes t, int& year, unsigned& month, unsigned& day, unsigned& hour, unsigned& minute);

}  // namespace trygg::core
