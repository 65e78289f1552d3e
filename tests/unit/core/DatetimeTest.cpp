#include <trygg/core/datetime.hpp>

#include <gtest/gtest.h>

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
