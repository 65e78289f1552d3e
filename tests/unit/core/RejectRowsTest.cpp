// SPDX-License-Identifier: MIT
#include <trygg/core/incident_table.hpp>
#include <trygg/core/reject_list.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
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
    for (std::uint32_t row : {14u, 13u, 12u})
        t.source_row.push_back(row);
    core::RejectRows rows(&t);
    const auto outside = rows.codes("outside", "", "located outside every district", "located outside every district");
    rows.add_record(2, outside);
    rows.add_record(0, outside);
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

namespace {
// A table of `n` records: record i is source row 10 + 2i with id "R<i>".
core::IncidentTable planted_records(std::size_t n)
{
    core::IncidentTable t;
    for (std::size_t i = 0; i < n; ++i) {
        t.id.push_back("R" + std::to_string(i));
        t.source_row.push_back(static_cast<std::uint32_t>(10 + 2 * i));
    }
    return t;
}
}  // namespace

TEST(RejectRows, AListOfRecordRowsOnlyIsEightBytesARowAndReadsEachRowsOwnKind)
{
    const auto t = planted_records(1000);
    core::RejectRows rows(&t);
    const auto outside = rows.codes("outside", "", "located outside every district", "located outside every district");
    const auto no_code = rows.codes("outside", "", "area code '9' is not a district code", "area code is no district code");
    rows.reserve_records(600);
    for (std::size_t i = 0; i < 1000; i += 2)
        rows.add_record(i, outside);
    for (std::size_t i = 1; i < 200; i += 2)
        rows.add_record(i, no_code);
    ASSERT_EQ(rows.size(), 600u);
    // 3.7M outside points at 10M took 24 bytes each (issue 20): the record and a kind code.
    EXPECT_LE(rows.row_bytes(), 600u * 8);
    EXPECT_EQ(rows[0].row, 10u);
    EXPECT_EQ(rows[0].id, "R0");
    EXPECT_EQ(rows[499].row, 10u + 2 * 998);
    EXPECT_EQ(rows[499].id, "R998");
    EXPECT_EQ(rows[499].reason, "located outside every district");
    EXPECT_EQ(rows[500].row, 12u);
    EXPECT_EQ(rows[500].id, "R1");
    EXPECT_EQ(rows[500].reason, "area code '9' is not a district code");
    EXPECT_EQ(rows[500].category, "area code is no district code");
    EXPECT_EQ(rows.bucket(599), "outside");
    // Sorting by row interleaves the two kinds as the table orders them.
    rows.sort_by_row();
    EXPECT_EQ(rows[0].id, "R0");
    EXPECT_EQ(rows[1].id, "R1");
    EXPECT_EQ(rows[1].category, "area code is no district code");
    EXPECT_EQ(rows[2].id, "R2");
    EXPECT_EQ(rows[2].category, "located outside every district");
    EXPECT_EQ(rows.row(3), 16u);
    EXPECT_EQ(rows[599].id, "R998");
    // Iterating visits every row, and equal kinds are exactly equal texts (the internal file
    // writes each kind's texts once: 500 + 100 rows of two kinds).
    std::size_t visited = 0, same_kind_as_first = 0;
    for (const auto& r : rows)
        visited += !r.id.empty();
    for (std::size_t i = 0; i < rows.size(); ++i)
        same_kind_as_first += rows.kind(i) == rows.kind(0);
    EXPECT_EQ(visited, 600u);
    EXPECT_EQ(same_kind_as_first, 500u);
    EXPECT_NE(rows.kind(1), rows.kind(0));
}

TEST(RejectRows, MixingRecordRowsWithOtherRowsKeepsEveryRowInTheOrderAdded)
{
    const auto t = planted_records(4);
    core::RejectRows rows(&t);
    const auto outside = rows.codes("outside", "", "located outside every district", "located outside every district");
    rows.add_record(3, outside);
    rows.add_record(1, outside);
    rows.push_back({5, "X5", "rejected", "datum", "not a date: 'x'", "not a date"});
    rows.add_record(0, outside);
    ASSERT_EQ(rows.size(), 4u);
    const std::vector<std::pair<std::uint64_t, std::string>> want{{16, "R3"}, {12, "R1"}, {5, "X5"}, {10, "R0"}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(rows[i].row, want[i].first) << i;
        EXPECT_EQ(rows[i].id, want[i].second) << i;
    }
    EXPECT_EQ(rows[2].reason, "not a date: 'x'");
    EXPECT_EQ(rows[3].reason, "located outside every district");
    rows.sort_by_row();
    EXPECT_EQ(rows[0].id, "X5");
    EXPECT_EQ(rows[1].id, "R0");
    EXPECT_EQ(rows[3].id, "R3");
}
