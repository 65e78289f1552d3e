// SPDX-License-Identifier: MIT
#include <trygg/core/record_identity.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

namespace {

void add(core::IncidentTable& t, double x, std::int16_t age)
{
    t.x.push_back(x);
    t.y.push_back(6600000);
    t.time.push_back(28494150);
    t.has_clock.push_back(1);
    t.groups.push_back(1);
    t.sex.push_back(core::Sex::man);
    t.age.push_back(age);
    t.status.push_back(core::LocationStatus::located);
    t.area_code.push_back(-1);
    t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
}

}  // namespace

TEST(RecordIdentity, ContentHashMatchesAnIndependentEncoding)
{
    // Python: hashlib.sha256(b't' + pack('<Q', 2) + b'ab' + b'i' + pack('<Q', 2**64 - 1)
    //                         + b'n' + pack('<d', 1.5)).digest()[:8] -> 0x7fa61b3f7e967e2c
    EXPECT_EQ(core::RecordContentHash().text("ab").integer(-1).number(1.5).finish(), 0x7fa61b3f7e967e2cULL);
    // Fields are length-prefixed: no two splits of one text collide.
    EXPECT_NE(core::RecordContentHash().text("ab").text("c").finish(),
              core::RecordContentHash().text("a").text("bc").finish());
    EXPECT_EQ(core::RecordContentHash().number(0.0).finish(), core::RecordContentHash().number(-0.0).finish());
    EXPECT_NE(core::RecordContentHash().number(1.0).finish(), core::RecordContentHash().integer(1).finish());
}

TEST(RecordIdentity, IdElseContentNeverTheRow)
{
    core::IncidentTable t;
    add(t, 590000, 30);
    add(t, 590001, 30);
    add(t, 590000, 30);  // a double registration of the first
    EXPECT_EQ(core::record_identity(t, 0), core::record_identity(t, 2));
    EXPECT_NE(core::record_identity(t, 0), core::record_identity(t, 1));
    EXPECT_EQ(core::record_identity(t, 0).rfind("content:", 0), 0u);
    EXPECT_EQ(core::record_identity(t, 0).size(), 8u + 16u);

    // A row inserted before them and the rows renumbered: every identity stays.
    core::IncidentTable u;
    add(u, 123, 50);
    add(u, 590000, 30);
    add(u, 590001, 30);
    EXPECT_EQ(core::record_identity(u, 1), core::record_identity(t, 0));
    EXPECT_EQ(core::record_identity(u, 2), core::record_identity(t, 1));

    // The reader's hash of the row as read wins over the table's (transformed) columns.
    t.content_hash = std::vector<std::uint64_t>{0x0123456789abcdefULL, 2, 3};
    EXPECT_EQ(core::record_identity(t, 0), "content:0123456789abcdef");
    // An id wins over both; a row with an empty id falls back to its content.
    t.id = std::vector<std::string>{"E1", "", "E3"};
    EXPECT_EQ(core::record_identity(t, 0), "id:E1");
    EXPECT_EQ(core::record_identity(t, 1), "content:0000000000000002");
}
