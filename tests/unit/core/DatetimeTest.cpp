// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/io/record_reader.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>

using namespace trygg;

TEST(Datetime, FormatsSeenInRegisters)
{
    // 2024-03-05 is day 19787 since 1970-01-01 (by hand: 54 years incl. 13 leap days = 19723 days
    // to 2024-01-01, plus 31 + 29 + 4).
    const core::Minutes day = 19787LL * 1440;
    EXPECT_EQ(core::parse_datetime("2024-03-05")->minutes, day);
    EXPECT_FALSE(core::parse_datetime("2024-03-05")->has_clock);
    EXPECT_EQ(core::parse_datetime("2024-03-05 14:30")->minutes, day + 14 * 60 + 30);
    EXPECT_TRUE(core::parse_datetime("2024-03-05 14:30")->has_clock);
    EXPECT_EQ(core::parse_datetime("2024-03-05T14:30:59")->minutes, day + 14 * 60 + 30);
    EXPECT_EQ(core::parse_datetime("2024-03-05 14:30:00 +01:00")->minutes, day + 14 * 60 + 30);
    EXPECT_EQ(core::parse_datetime("2024/03/05 14:30:00")->minutes, day + 14 * 60 + 30);
    EXPECT_EQ(core::parse_datetime("20240305")->minutes, day);
}

TEST(Datetime, ImpossibleAndOddDatesSayWhy)
{
    std::string why;
    EXPECT_FALSE(core::parse_datetime("2023-02-30", &why));
    EXPECT_EQ(why, "impossible date '2023-02-30'");
    EXPECT_FALSE(core::parse_datetime("2023-02-29", &why));  // not a leap year
    EXPECT_TRUE(core::parse_datetime("2024-02-29", &why));
    EXPECT_FALSE(core::parse_datetime("2024-04-05 25:10", &why));
    EXPECT_EQ(why, "impossible time in '2024-04-05 25:10'");
    EXPECT_FALSE(core::parse_datetime("", &why));
    EXPECT_EQ(why, "empty date");
    EXPECT_FALSE(core::parse_datetime("5 mars 2024", &why));
}

TEST(Datetime, CivilRoundTrip)
{
    int y;
    unsigned m, d, h, mi;
    core::civil_from_minutes(core::parse_datetime("1999-12-31 23:59")->minutes, y, m, d, h, mi);
    EXPECT_EQ(y, 1999);
    EXPECT_EQ(m, 12u);
    EXPECT_EQ(d, 31u);
    EXPECT_EQ(h, 23u);
    EXPECT_EQ(mi, 59u);
}

namespace {
// "YYYY-MM-DD HH:MM" of a parsed time, for readable expectations.
std::string civil(const std::string& text)
{
    auto t = core::parse_datetime(text);
    if (!t)
        return "unparsed";
    int y;
    unsigned m, d, h, mi;
    core::civil_from_minutes(t->minutes, y, m, d, h, mi);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u", y, m, d, h, mi);
    return buf;
}
}  // namespace

TEST(Datetime, PolisenEventFeedForm)
{
    // One-digit hour, seconds and the offset Polisen writes (Swedish time, so unchanged).
    EXPECT_EQ(civil("2023-03-25 9:38:40 +01:00"), "2023-03-25 09:38");
    EXPECT_TRUE(core::parse_datetime("2023-03-25 9:38:40 +01:00")->has_clock);
    EXPECT_EQ(civil("2023-03-26 7:08:06 +02:00"), "2023-03-26 07:08");  // first morning of summer time
    EXPECT_EQ(civil("2024-10-27 7:49:57 +01:00"), "2024-10-27 07:49");  // first morning of winter time
    EXPECT_EQ(civil("2023-03-21 16:42:31 +01:00"), "2023-03-21 16:42");
    EXPECT_EQ(civil("2023-03-25T9:38"), "2023-03-25 09:38");
}

TEST(Datetime, OffsetsAreConvertedToStockholmTime)
{
    // Hand-worked: 12:00 at +01:00 is 11:00 UTC; on 1 July Sweden is UTC+2, so 13:00.
    EXPECT_EQ(civil("2023-07-01 12:00 +01:00"), "2023-07-01 13:00");
    EXPECT_EQ(civil("2023-07-01 12:00 +0100"), "2023-07-01 13:00");
    EXPECT_EQ(civil("2023-07-01 12:00+01"), "2023-07-01 13:00");
    EXPECT_EQ(civil("2023-07-01T12:00:00-05:00"), "2023-07-01 19:00");  // 17:00 UTC
    EXPECT_EQ(civil("2023-07-01T10:00:00Z"), "2023-07-01 12:00");
    EXPECT_EQ(civil("2023-01-15T10:00:00.250Z"), "2023-01-15 11:00");  // winter: UTC+1
    // A UTC time late on 31 December (or 30 June) belongs to the next year (half-year) in Sweden.
    EXPECT_EQ(civil("2023-12-31 23:30:00Z"), "2024-01-01 00:30");
    EXPECT_EQ(civil("2024-06-30 22:30:00Z"), "2024-07-01 00:30");
    // Without an offset the written time is already local: kept as written.
    EXPECT_EQ(civil("2023-12-31 23:30:00"), "2023-12-31 23:30");
}

TEST(Datetime, DaylightSavingEdges)
{
    // Summer time starts 01:00 UTC on the last Sunday of March (26 March 2023): 02:00 CET -> 03:00 CEST.
    EXPECT_EQ(civil("2023-03-26 00:59Z"), "2023-03-26 01:59");
    EXPECT_EQ(civil("2023-03-26 01:00Z"), "2023-03-26 03:00");
    EXPECT_EQ(civil("2023-03-26 02:30 +01:00"), "2023-03-26 03:30");  // 01:30 UTC, already CEST
    // It ends 01:00 UTC on the last Sunday of October (29 October 2023): 02:30 happens twice.
    EXPECT_EQ(civil("2023-10-29 00:30Z"), "2023-10-29 02:30");  // CEST
    EXPECT_EQ(civil("2023-10-29 01:30Z"), "2023-10-29 02:30");  // CET
    EXPECT_EQ(civil("2023-10-29 02:30 +02:00"), "2023-10-29 02:30");
    EXPECT_EQ(civil("2023-10-29 02:30 +01:00"), "2023-10-29 02:30");
    // 2024: 31 March and 27 October.
    EXPECT_EQ(civil("2024-03-31 00:59Z"), "2024-03-31 01:59");
    EXPECT_EQ(civil("2024-03-31 01:00Z"), "2024-03-31 03:00");
    EXPECT_EQ(civil("2024-10-27 00:59Z"), "2024-10-27 02:59");
    EXPECT_EQ(civil("2024-10-27 01:00Z"), "2024-10-27 02:00");
    // Older rules: until 1995 summer time ended on the last Sunday of September; 1980 began on
    // the first Sunday of April; no summer time before 1980.
    EXPECT_EQ(civil("1990-09-30 00:30Z"), "1990-09-30 02:30");
    EXPECT_EQ(civil("1990-09-30 01:30Z"), "1990-09-30 02:30");
    EXPECT_EQ(civil("1995-10-01 12:00Z"), "1995-10-01 13:00");
    EXPECT_EQ(civil("1996-10-01 12:00Z"), "1996-10-01 14:00");
    EXPECT_EQ(civil("1980-04-06 00:59Z"), "1980-04-06 01:59");
    EXPECT_EQ(civil("1980-04-06 01:00Z"), "1980-04-06 03:00");
    EXPECT_EQ(civil("1979-07-01 12:00Z"), "1979-07-01 13:00");
}

TEST(Datetime, MalformedOffsetsSayWhy)
{
    std::string why;
    EXPECT_FALSE(core::parse_datetime("2023-07-01 12:00 CET", &why));
    EXPECT_EQ(why, "unexpected text after the time in '2023-07-01 12:00 CET'");
    EXPECT_FALSE(core::parse_datetime("2023-07-01 12:00 +1:00", &why));
    EXPECT_EQ(why, "not a UTC offset in '2023-07-01 12:00 +1:00' (expected +HH:MM or Z)");
    EXPECT_FALSE(core::parse_datetime("2023-07-01 12:00 +15:00", &why));
    EXPECT_EQ(why, "impossible UTC offset in '2023-07-01 12:00 +15:00'");
    EXPECT_FALSE(core::parse_datetime("2023-07-01 12:00 +01:00 x", &why));
    EXPECT_EQ(why, "unexpected text after the UTC offset in '2023-07-01 12:00 +01:00 x'");
    EXPECT_FALSE(core::parse_datetime("2023-07-01 123:00", &why));
    EXPECT_FALSE(core::parse_datetime("2023-07-01 9:5", &why));
}

// Reference: the C library with the system time-zone database, every hour 1975-2060.
TEST(Datetime, StockholmOffsetMatchesTzdata)
{
    if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Stockholm"))
        GTEST_SKIP() << "no tzdata";
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    setenv("TZ", "Europe/Stockholm", 1);
    tzset();
    const std::int64_t from = core::days_from_civil(1975, 1, 1) * 86400, to = core::days_from_civil(2060, 1, 1) * 86400;
    int mismatches = 0;
    for (std::int64_t s = from; s < to && mismatches < 5; s += 1800) {
        std::time_t tt = static_cast<std::time_t>(s);
        std::tm tm{};
        localtime_r(&tt, &tm);
        const int expected = static_cast<int>(tm.tm_gmtoff / 60);
        const int got = core::stockholm_utc_offset(s / 60);
        if (got != expected) {
            ++mismatches;
            ADD_FAILURE() << "UTC second " << s << ": tzdata " << expected << " engine " << got;
        }
    }
    if (old)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
}

// Polisen's event feed for Västerås: every row's time parses (564 of 1,272 have a one-digit
// hour), and sampled rows give the time read off the raw file by hand.
TEST(Datetime, RealPolisenEventFeedParses)
{
    TRYGG_SHARED_DATA_OR_SKIP(feed, "vasteras/police_events_2023_2026.csv");
    const auto rec = io::read_records(feed.string());
    const int c_id = rec.field_index("id"), c_time = rec.field_index("datetime");
    ASSERT_GE(c_id, 0);
    ASSERT_GE(c_time, 0);
    ASSERT_EQ(rec.rows.size(), 1272u);
    std::map<std::string, std::string> got;
    std::size_t one_digit_hour = 0;
    for (const auto& row : rec.rows) {
        const auto& text = row[static_cast<std::size_t>(c_time)];
        std::string why;
        auto t = core::parse_datetime(text, &why);
        ASSERT_TRUE(t) << "id " << row[static_cast<std::size_t>(c_id)] << ": " << why;
        EXPECT_TRUE(t->has_clock);
        one_digit_hour += text.size() > 12 && text[12] == ':';
        got[row[static_cast<std::size_t>(c_id)]] = civil(text);
    }
    EXPECT_EQ(one_digit_hour, 564u);
    // By hand from the file (every offset in the feed is Sweden's own, so the clock is unchanged).
    EXPECT_EQ(got["410777"], "2023-03-21 16:42");  // "2023-03-21 16:42:31 +01:00"
    EXPECT_EQ(got["411238"], "2023-03-25 09:38");  // "2023-03-25 9:38:40 +01:00"
    EXPECT_EQ(got["411275"], "2023-03-26 07:08");  // "2023-03-26 7:08:06 +02:00", first day of summer time
    EXPECT_EQ(got["555219"], "2024-10-27 07:49");  // "2024-10-27 7:49:57 +01:00", first day of winter time
    EXPECT_EQ(got["554728"], "2024-10-23 18:41");  // "2024-10-23 18:41:36 +02:00"
    EXPECT_EQ(got["619843"], "2025-12-31 10:15");  // "2025-12-31 10:15:56 +01:00"
    EXPECT_EQ(got["650191"], "2026-08-21 09:59");  // "2026-08-21 9:59:22 +02:00"
}
