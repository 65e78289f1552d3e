// SPDX-License-Identifier: MIT
#include <trygg/core/duplicate_records.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace trygg;

namespace {

// One record with an id (empty: none), a time, a category and an area code.
void add(core::IncidentTable& t, const std::string& id, core::Minutes time, const std::string& category,
         std::int32_t area)
{
    t.x.push_back(std::nan(""));
    t.y.push_back(std::nan(""));
    t.time.push_back(time);
    t.has_clock.push_back(0);
    t.groups.push_back(1);
    t.sex.push_back(core::Sex::unknown);
    t.age.push_back(-1);
    t.status.push_back(core::LocationStatus::area_code);
    t.area_code.push_back(area);
    t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
    t.id.push_back(id);
    t.category.push_back(category);
}

core::IncidentTable with_codes()
{
    core::IncidentTable t;
    t.area_codes = {"1980C1550", "1980C1310"};
    return t;
}

}  // namespace

TEST(DuplicateRecords, SameIdAndContentIsAnExactDuplicateOfTheFirst)
{
    auto t = with_codes();
    add(t, "71854", 100, "1211", 0);
    add(t, "99357", 100, "1211", 0);
    add(t, "71854", 100, "1211", 0);  // the same crime listed again
    add(t, "71854", 100, "1211", 0);  // and again
    const auto scan = core::find_duplicate_records(t);
    ASSERT_EQ(scan.exact.size(), 2u);
    EXPECT_EQ(scan.exact[0].index, 2u);
    EXPECT_EQ(scan.exact[0].first, 0u);
    EXPECT_EQ(scan.exact[1].index, 3u);
    EXPECT_EQ(scan.exact[1].first, 0u);
    EXPECT_TRUE(scan.conflicting.empty());
    EXPECT_EQ(scan.repeated_ids, 1u);
}

TEST(DuplicateRecords, SameIdOtherContentIsAConflictNamingTheField)
{
    auto t = with_codes();
    add(t, "7", 100, "1211", 0);
    add(t, "7", 100, "1211", 1);  // another DeSO
    add(t, "7", 200, "1211", 0);  // another day
    add(t, "7", 100, "1211", 1);  // repeats the second exactly
    const auto scan = core::find_duplicate_records(t);
    ASSERT_EQ(scan.conflicting.size(), 2u);
    EXPECT_EQ(scan.conflicting[0].index, 1u);
    EXPECT_EQ(scan.conflicting[0].first, 0u);
    EXPECT_EQ(scan.conflicting[0].differing_field, "area_code");
    EXPECT_EQ(scan.conflicting[1].index, 2u);
    EXPECT_EQ(scan.conflicting[1].differing_field, "time");
    ASSERT_EQ(scan.exact.size(), 1u);
    EXPECT_EQ(scan.exact[0].index, 3u);
    EXPECT_EQ(scan.exact[0].first, 1u);
    EXPECT_EQ(scan.repeated_ids, 1u);
}

TEST(DuplicateRecords, WithoutIdsTheContentDecides)
{
    auto t = with_codes();
    for (int k = 0; k < 2; ++k) {
        add(t, "", 100, "1211", 0);
        add(t, "", 100, "9301", 0);  // another crime code the same day and place
    }
    t.id = std::vector<std::string>{};  // no id column at all
    const auto scan = core::find_duplicate_records(t);
    ASSERT_EQ(scan.exact.size(), 2u);
    EXPECT_EQ(scan.exact[0].index, 2u);
    EXPECT_EQ(scan.exact[0].first, 0u);
    EXPECT_EQ(scan.exact[1].index, 3u);
    EXPECT_EQ(scan.exact[1].first, 1u);
    EXPECT_TRUE(scan.conflicting.empty());
    EXPECT_EQ(scan.repeated_ids, 0u);
}

TEST(DuplicateRecords, LocatedRecordsCompareCoordinatesSexAndAge)
{
    core::IncidentTable t;
    for (int k = 0; k < 4; ++k) {
        t.x.push_back(k == 1 ? 590001 : 590000);
        t.y.push_back(6600000);
        t.time.push_back(100);
        t.has_clock.push_back(1);
        t.groups.push_back(1);
        t.sex.push_back(k == 2 ? core::Sex::kvinna : core::Sex::man);
        t.age.push_back(k == 3 ? 31 : 30);
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(k + 2));
        t.id.push_back("a");
    }
    EXPECT_EQ(core::first_content_difference(t, 0, 1), "location");
    EXPECT_EQ(core::first_content_difference(t, 0, 2), "sex");
    EXPECT_EQ(core::first_content_difference(t, 0, 3), "age");
    EXPECT_EQ(core::first_content_difference(t, 0, 0), "");
    const auto scan = core::find_duplicate_records(t);
    EXPECT_TRUE(scan.exact.empty());
    EXPECT_EQ(scan.conflicting.size(), 3u);
}
