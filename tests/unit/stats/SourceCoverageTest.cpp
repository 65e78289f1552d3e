// SPDX-License-Identifier: MIT
// Not in source ≠ zero (issue 15), and the guard on district lines of withheld ones.
#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/stats/aggregate.hpp>
#include <trygg/stats/source_coverage.hpp>

#include "stats/ones_line_protection.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

TEST(SourceCoverage, DeclaredGroupsAndTheRest)
{
    const std::vector<std::string> groups{"vald", "skadegorelse", "tillgrepp"};
    EXPECT_EQ(stats::declared_coverage(groups, {"vald", "tillgrepp"}, "incidents"), 0b101);
    EXPECT_EQ(stats::declared_coverage(groups, {}, "incidents"), 0);
    try {
        stats::declared_coverage(groups, {"stold"}, "incidents");
        FAIL();
    } catch (const core::PipelineError& e) {
        EXPECT_NE(std::string(e.what()).find("incidents: \"covers\": 'stold' is no crime group"), std::string::npos);
    }
    EXPECT_EQ(stats::groups_not_in_source(3, true, 0b001), 0b110);
    EXPECT_EQ(stats::groups_not_in_source(3, true, 0b111), 0);
    EXPECT_EQ(stats::groups_not_in_source(1, false, 0), 0);  // no catalogue: "alla" is covered
}

TEST(SourceCoverage, AGroupNotInSourceIsMissingNotZeroNorWithheld)
{
    core::DistrictLayer l;
    l.codes = {"A", "B"};
    l.names = {"Ann", "Bo"};
    l.polygons.resize(2);
    l.area_km2 = {2.0, 4.0};
    core::IncidentTable t;
    t.group_names = {"vald", "tillgrepp"};
    t.groups_not_in_source = 0b10;
    for (int i = 0; i < 7; ++i) {  // A: 6 vald, B: 1 vald (withheld below 5)
        t.x.push_back(0);
        t.y.push_back(0);
        t.time.push_back(core::parse_datetime("2024-02-01")->minutes);
        t.has_clock.push_back(0);
        t.groups.push_back(1);
        t.sex.push_back(core::Sex::unknown);
        t.age.push_back(-1);
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(i + 2));
    }
    const std::vector<std::int32_t> district{0, 0, 0, 0, 0, 0, 1};
    const auto r = stats::aggregate(t, district, l, nullptr, {});
    ASSERT_EQ(r.not_in_source, (std::vector<char>{0, 1}));
    const auto theft = r.find(0, 0, 1);
    ASSERT_TRUE(theft.has_value());
    EXPECT_TRUE(std::isnan(theft->count));
    EXPECT_TRUE(std::isnan(theft->rate_per_km2));
    EXPECT_FALSE(theft->suppressed);
    EXPECT_TRUE(stats::not_in_source(r, *theft));
    EXPECT_TRUE(std::isnan(r.district_counts(1, 0)[0]));
    const auto violence = r.find(0, 0, 0);
    EXPECT_EQ(violence->count, 6);
    EXPECT_FALSE(stats::not_in_source(r, *violence));
    EXPECT_TRUE(r.find(1, 0, 0)->suppressed);  // 1 < 5
}

TEST(OnesLineProtection, ALineOfWithheldOnesUnderAPublishedTotalGetsAPartner)
{
    // Districts 0..3 and the municipality (4); one period, group, sex and age.
    // Withheld 1 + 1 under a published total of 9 with 2 and 5 published: the ones are solved.
    std::vector<double> counts{1, 1, 2, 5, 9};
    std::vector<char> hidden{1, 1, 0, 0, 0};
    stats::protect_lines_of_ones(counts, hidden, 5, 1, 1, 1, 1);
    EXPECT_EQ(hidden, (std::vector<char>{1, 1, 1, 0, 0}));  // the smallest published positive: 2

    // 1 + 2 withheld: their sum 3 is not their number; nothing to do.
    counts = {1, 2, 2, 5, 10};
    hidden = {1, 1, 0, 0, 0};
    stats::protect_lines_of_ones(counts, hidden, 5, 1, 1, 1, 1);
    EXPECT_EQ(hidden, (std::vector<char>{1, 1, 0, 0, 0}));

    // The total withheld too: the sum is unknown.
    counts = {1, 1, 2, 5, 9};
    hidden = {1, 1, 0, 0, 1};
    stats::protect_lines_of_ones(counts, hidden, 5, 1, 1, 1, 1);
    EXPECT_EQ(hidden, (std::vector<char>{1, 1, 0, 0, 1}));
}
