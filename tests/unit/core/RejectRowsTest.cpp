// SPDX-License-Identifier: MIT
#include <trygg/core/incident_table.hpp>
#include <trygg/core/reject_list.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

// Rejects stored compactly (issue 20): each distinct text once, ids in one buffer, and a row a
// stage sets aside (assign's outside) reads its id from the incident table without a copy.
using namespace trygg;

TEST(RejectRows, ReadsBackWhatWasAddedWithEachDistinctTextHeldOnce)
{
    core::RejectRows rows;
    rows.push_back({3, "E3", "rejected", "datum", "not a date: 'x'", "not a date"});
    rows.push_back({4, "", "outside", "", "located outside every district", "located outside every district"});
    rows.push_back({7, "E7", "rejected", "datum", "not a date: 'y'", "not a date"});
    ASSERT_EQ(rows.size(), 3u);
    const auto a = rows[0], b = rows[1], c = rows[2];
    EXPECT_EQ(a.row, 3u);
    EXPECT_EQ(a.id, "E3");
    EXPECT_EQ(a.bucket, "rejected");
    EXPECT_EQ(a.field, "datum");
    EXPECT_EQ(a.reason, "not a date: 'x'");
    EXPECT_EQ(a.category, "not a date");
    EXPECT_EQ(b.id, "");
    EXPECT_EQ(b.bucket, "outside");
    EXPECT_EQ(b.reason, "located outside every district");
    EXPECT_EQ(c.id, "E7");
    EXPECT_EQ(c.reason, "not a date: 'y'");
    // One copy of a repeated text: the two rows' views point at the same characters.
    EXPECT_EQ(a.category.data(), c.category.data());
    EXPECT_EQ(a.field.data(), c.field.data());
    EXPECT_EQ(a.bucket.data(), c.bucket.data());
    EXPECT_NE(a.reason.data(), c.reason.data());
}

TEST(RejectRows, ARecordsIdIsReadFromTheIncidentTableNotCopied)
{
    core::IncidentTable t;
    for (const char* id : {"P1", "P2", "a much longer id than fits in a short string"})
        t.id.push_back(id);
    core::RejectRows rows(&t);
    const auto outside = rows.codes("outside", "", "located outside every district", "located outside every district");
    rows.add_record(12, 2, outside);
    rows.add_record(14, 0, outside);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].row, 12u);
    EXPECT_EQ(rows[0].id, "a much longer id than fits in a short string");
    EXPECT_EQ(rows[0].id.data(), t.id_view(2).data());  // the table's characters
    EXPECT_EQ(rows[1].id, "P1");
    EXPECT_EQ(rows[1].bucket, "outside");
    EXPECT_EQ(rows[1].category, "located outside every district");
}

TEST(RejectRows, AppendRecodesTheOtherListsTextsAndSortKeepsEqualRowsInOrder)
{
    core::RejectRows first{{5, "a", "rejected", "x", "bad x", "coordinate not a number"}};
    const core::RejectRows second{{2, "b", "outside", "", "late", "outside the study period"},
                                  {5, "c", "rejected", "x", "bad x", "coordinate not a number"}};
    first.append(second);
    first.sort_by_row();
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0].id, "b");
    EXPECT_EQ(first[0].reason, "late");
    EXPECT_EQ(first[1].id, "a");
    EXPECT_EQ(first[2].id, "c");
    EXPECT_EQ(first[2].category, "coordinate not a number");
    EXPECT_EQ(first[1].reason.data(), first[2].reason.data());
}
