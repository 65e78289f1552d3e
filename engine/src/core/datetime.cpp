// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/core/text.hpp>

#include <cctype>
#include <string>

namespace trygg::core {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_minutes(Minutes t, int& year, unsigned& month, unsigned& day, unsigned& hour, unsigned& minute)
{
    std::int64_t days = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
    std::int64_t rem = t - days * 1440;
    hour = static_cast<unsigned>(rem / 60);
    minute = static_cast<unsigned>(rem % 60);
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(yoe) + static_cast<int>(era) * 400 + (month <= 2);
}

namespace {
// Days since 1970-01-01 of the last Sunday of month m (1970-01-01 was a Thursday).
std::int64_t last_sunday(int y, unsigned m);
}  // namespace

// Sweden: CET (UTC+1) throughout until 1980, then the EU summer-time rules (tzdata
// Europe/Stockholm): summer time from 01:00 UTC on the first Sunday of April (1980) or the last
// Sunday of March (1981-), to 01:00 UTC on the last Sunday of September (1980-1995) or of
// October (1996-). The rare summer time of 1916 is ignored.
int stockholm_utc_offset(Minutes utc)
{
    int y;
    unsigned mo, d, h, mi;
    civil_from_minutes(utc, y, mo, d, h, mi);
    if (y < 1980)
        return 60;
    std::int64_t start_day;
    if (y == 1980) {
        const std::int64_t first = days_from_civil(1980, 4, 1);
        start_day = first + (7 - (first + 4) % 7) % 7;
    } else {
        start_day = last_sunday(y, 3);
    }
    const std::int64_t end_day = last_sunday(y, y <= 1995 ? 9 : 10);
    const Minutes start = start_day * 1440 + 60, end = end_day * 1440 + 60;
    return utc >= start && utc < end ? 120 : 60;
}

Minutes stockholm_from_utc(Minutes utc) { return utc + stockholm_utc_offset(utc); }

namespace {
std::int64_t last_sunday(int y, unsigned m)
{
    static const unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const std::int64_t last = days_from_civil(y, m, len[m - 1]);  // never February here
    return last - ((last % 7 + 7 + 4) % 7);
}

bool read_int(std::string_view s, std::size_t& i, std::size_t digits, int& out)
{
    if (i + digits > s.size())
        return false;
    int v = 0;
    for (std::size_t k = 0; k < digits; ++k) {
        char c = s[i + k];
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
        v = v * 10 + (c - '0');
    }
    i += digits;
    out = v;
    return true;
}
// 1 or 2 digits (Polisen's feed writes "9:38:40").
bool read_hour(std::string_view s, std::size_t& i, int& out)
{
    if (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))
        return read_int(s, i, 2, out);
    return read_int(s, i, 1, out);
}
unsigned days_in_month(int y, int m)
{
    static const unsigned d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}
}  // namespace

std::optional<ParsedTime> parse_datetime(std::string_view raw, std::string* why)
{
    auto fail = [&](const std::string& reason) -> std::optional<ParsedTime> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    auto b = raw.find_first_not_of(" \t");
    if (b == std::string_view::npos)
        return fail("empty date");
    auto e = raw.find_last_not_of(" \t");
    const std::string_view s = raw.substr(b, e - b + 1);
    std::size_t i = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!read_int(s, i, 4, y))
        return fail("not a date '" + shown_value(s) + "' (expected YYYY-MM-DD [HH:MM])");
    char sep = i < s.size() ? s[i] : '\0';
    if (sep == '-' || sep == '/') {
        ++i;
        if (!read_int(s, i, 2, mo) || i >= s.size() || s[i] != sep || !read_int(s, ++i, 2, d))
            return fail("not a date '" + shown_value(s) + "' (expected YYYY-MM-DD [HH:MM])");
    } else if (!read_int(s, i, 2, mo) || !read_int(s, i, 2, d)) {
        return fail("not a date '" + shown_value(s) + "' (expected YYYY-MM-DD [HH:MM])");
    }
    if (y < 1900 || y > 2100)
        return fail("year " + std::to_string(y) + " out of range in '" + shown_value(s) + "'");
    if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, mo))
        return fail("impossible date '" + shown_value(s) + "'");
    ParsedTime t;
    std::optional<int> offset;  // minutes east of UTC, when the text gives one
    if (i < s.size()) {
        if (s[i] != ' ' && s[i] != 'T')
            return fail("not a date '" + shown_value(s) + "' (expected YYYY-MM-DD [HH:MM])");
        while (i < s.size() && (s[i] == ' ' || s[i] == 'T'))
            ++i;
        if (i < s.size()) {
            if (!read_hour(s, i, h) || i >= s.size() || s[i] != ':' || !read_int(s, ++i, 2, mi))
                return fail("not a time in '" + shown_value(s) + "' (expected HH:MM)");
            if (i < s.size() && s[i] == ':' && !read_int(s, ++i, 2, sec))
                return fail("not a time in '" + shown_value(s) + "' (expected HH:MM:SS)");
            if (i < s.size() && s[i] == '.')  // fractional seconds
                for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
                }
            // A UTC offset ("Z", "+01:00", "+0100", "+01") makes the time an instant, which is
            // converted to Stockholm wall-clock time below.
            while (i < s.size() && s[i] == ' ')
                ++i;
            if (i < s.size()) {
                int oh = 0, om = 0;
                const char sign = s[i];
                if (sign == 'Z' || sign == 'z') {
                    ++i;
                } else if (sign == '+' || sign == '-') {
                    ++i;
                    if (!read_int(s, i, 2, oh))
                        return fail("not a UTC offset in '" + shown_value(s) + "' (expected +HH:MM or Z)");
                    if (i < s.size() && s[i] == ':')
                        ++i;
                    if (i < s.size() && !read_int(s, i, 2, om))
                        return fail("not a UTC offset in '" + shown_value(s) + "' (expected +HH:MM or Z)");
                    if (oh > 14 || om > 59)
                        return fail("impossible UTC offset in '" + shown_value(s) + "'");
                } else {
                    return fail("unexpected text after the time in '" + shown_value(s) + "'");
                }
                if (i < s.size())
                    return fail("unexpected text after the UTC offset in '" + shown_value(s) + "'");
                offset = (sign == '-' ? -1 : 1) * (oh * 60 + om);
            }
            if (h > 23 || mi > 59 || sec > 60)
                return fail("impossible time in '" + shown_value(s) + "'");
            t.has_clock = true;
        }
    }
    t.minutes = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 1440 + h * 60 + mi;
    if (offset)
        t.minutes = stockholm_from_utc(t.minutes - *offset);
    return t;
}

}  // namespace trygg::core
