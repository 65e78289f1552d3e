// SPDX-License-Identifier: MIT
#pragma once
// Dates and times as written in Swedish registers: "2024-03-05", "2024-03-05 14:30",
// "2024-03-05T14:30:00", "2024/03/05 14:30:00" (GDAL's form), "20240305", and Polisen's event
// feed: "2023-03-25 9:38:40 +01:00" (one-digit hour, seconds, UTC offset).
//
// Stored times are Swedish wall-clock time (Europe/Stockholm), which is what half-years and
// hour-of-day analysis count in. A time without an offset is taken as already Swedish local
// time. A time with an offset ("Z", "+01:00", "+0100", "+01", "-05:00") is an instant: it is
// converted to UTC and then to Stockholm time (CET/CEST), so "2023-12-31 23:30Z" is
// 2024-01-01 00:30. Seconds and fractions are dropped (minute resolution).
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

// Europe/Stockholm's offset from UTC in minutes (60 or 120) at a UTC instant, and the
// Stockholm wall-clock time of that instant.
int stockholm_utc_offset(Minutes utc);
Minutes stockholm_from_utc(Minutes utc);

std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_minutes(Minutes t, int& year, unsigned& month, unsigned& day, unsigned& hour, unsigned& minute);

}  // namespace trygg::core
