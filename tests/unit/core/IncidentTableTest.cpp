// SPDX-License-Identifier: MIT
#include <trygg/core/incident_table.hpp>

#include <gtest/gtest.h>

using namespace trygg;

TEST(IncidentTable, KeepCompactsEveryColumnAndLeavesUnmappedOnesEmpty)
{
    core::IncidentTable t;
    for (int i = 0; i < 4; ++i) {
        t.x.push_back(i);
        t.y.push_back(10 + i);
        t.time.push_back(100 + i);
        t.has_clock.push_back(static_cast<std::uint8_t>(i % 2));
        t.groups.push_back(static_cast<std::uint16_t>(1 << i));
        t.sex.push_back(i == 2 ? core::Sex::kvinna : core::Sex::man);
        t.age.push_back(static_cast<std::int16_t>(20 + i));
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(2 + i));
        t.id.push_back("id" + std::to_string(i));
    }
    t.rejects.push_back({9, "r", "rejected", "x", "why"});
    t.keep({0, 2});
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t.x, (std::vector<double>{0, 2}));
    EXPECT_EQ(t.y, (std::vector<double>{10, 12}));
    EXPECT_EQ(t.time, (std::vector<core::Minutes>{100, 102}));
    EXPECT_EQ(t.has_clock, (std::vector<std::uint8_t>{0, 0}));
    EXPECT_EQ(t.groups, (std::vector<std::uint16_t>{1, 4}));
    EXPECT_EQ(t.sex, (std::vector<core::Sex>{core::Sex::man, core::Sex::kvinna}));
    EXPECT_EQ(t.age, (std::vector<std::int16_t>{20, 22}));
    EXPECT_EQ(t.source_row, (std::vector<std::uint32_t>{2, 4}));
    EXPECT_EQ(t.id, (std::vector<std::string>{"id0", "id2"}));
    EXPECT_EQ(t.status.size(), 2u);
    EXPECT_EQ(t.area_code.size(), 2u);
    EXPECT_TRUE(t.address.empty());
    EXPECT_TRUE(t.category.empty());
    EXPECT_EQ(t.rejects.size(), 1u);
    t.keep({});
    EXPECT_EQ(t.size(), 0u);
    EXPECT_TRUE(t.id.empty());
}

TEST(IncidentTable, HasTimeByDefault)
{
    EXPECT_TRUE(core::IncidentTable{}.has_time);
}
