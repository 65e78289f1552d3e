// SPDX-License-Identifier: MIT
#include <trygg/factors/meeting_place_profile.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

TEST(MeetingPlaceProfile, WeekdayCountsFromThursdayFirstOfJanuary1970)
{
    EXPECT_EQ(factors::weekday_of(0), 3);               // 1970-01-01: Thursday
    EXPECT_EQ(factors::weekday_of(19723LL * 1440), 0);  // 2024-01-01: Monday
    EXPECT_EQ(factors::weekday_of(19728LL * 1440 + 1439), 5);  // 2024-01-06 23:59: Saturday
    EXPECT_EQ(factors::weekday_of(-1), 2);              // 1969-12-31 23:59: Wednesday
}

TEST(MeetingPlaceProfile, CountsDiscAndRingAndScalesTheRingToTheDisc)
{
    // Place at the origin, radius 100, ring to 300. Incidents: (50,0) Monday 2024-01-01 13:30
    // with a clock time; (0,-100) on the disc edge, date only; (0,150) and (200,200) in the
    // ring; (500,0) outside; one without coordinates.
    const core::Minutes monday = 19723LL * 1440;
    std::vector<double> x{50, 0, 0, 200, 500, NAN}, y{0, -100, 150, 200, 0, NAN};
    std::vector<core::Minutes> t{monday + 13 * 60 + 30, monday + 1440, monday, monday, monday, monday};
    std::vector<std::uint8_t> clock{1, 0, 1, 1, 1, 1};
    auto p = factors::meeting_place_profile({{0, 0}}, x, y, t, clock, 100, 300);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].observed, 2.0);
    EXPECT_EQ(p[0].ring, 2.0);
    // Expected: 2 × 100² / (300² − 100²) = 2 × 10,000 / 80,000 = 0.25.
    EXPECT_DOUBLE_EQ(p[0].expected, 0.25);
    EXPECT_EQ(p[0].hour[13], 1.0);
    double hours = 0;
    for (double h : p[0].hour)
        hours += h;
    EXPECT_EQ(hours, 1.0);  // the date-only incident has no hour
    EXPECT_EQ(p[0].weekday[0], 1.0);  // Monday
    EXPECT_EQ(p[0].weekday[1], 1.0);  // Tuesday
}
