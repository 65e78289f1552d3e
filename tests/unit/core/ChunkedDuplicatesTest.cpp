// SPDX-License-Identifier: MIT
// Duplicates across chunks: the same repeats as find_duplicate_records on the whole table (the
// reference), whatever the chunk size, and planted repeats across a chunk boundary by hand.
#include <trygg/core/chunked_duplicates.hpp>
#include <trygg/core/duplicate_records.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace trygg;

namespace {

// One source row as the reader would keep it.
struct Spec {
    std::string id;  // empty: none
    core::Minutes time = 0;
    std::string category;
    core::LocationStatus status = core::LocationStatus::located;
    double x = 0, y = 0;
    std::string area;  // status area_code
    std::string address;
    core::Sex sex = core::Sex::unknown;
    std::int16_t age = -1;
};

// Rows [begin, end) of `rows` as one table (source row = position + 2, as under a header);
// area codes numbered in the order this table meets them, as each chunk of a read does.
core::IncidentTable table_of(const std::vector<Spec>& rows, std::size_t begin, std::size_t end, bool id_column)
{
    core::IncidentTable t;
    for (std::size_t r = begin; r < end; ++r) {
        const auto& s = rows[r];
        const bool located = s.status == core::LocationStatus::located;
        t.x.push_back(located ? s.x : std::nan(""));
        t.y.push_back(located ? s.y : std::nan(""));
        t.time.push_back(s.time);
        t.has_clock.push_back(1);
        t.groups.push_back(1);
        t.sex.push_back(s.sex);
        t.age.push_back(s.age);
        t.status.push_back(s.status);
        std::int32_t area = -1;
        if (s.status == core::LocationStatus::area_code) {
            std::size_t k = 0;
            while (k < t.area_codes.size() && t.area_codes[k] != s.area)
                ++k;
            if (k == t.area_codes.size())
                t.area_codes.push_back(s.area);
            area = static_cast<std::int32_t>(k);
        }
        t.area_code.push_back(area);
        t.source_row.push_back(static_cast<std::uint32_t>(r + 2));
        if (id_column)
            t.id.push_back(s.id);
        t.category.push_back(s.category);
        t.address.own().push_back(s.address);
    }
    return t;
}

struct Found {
    std::vector<core::ChunkedDuplicates::Repeat> exact, conflicting;  // index into the whole table
    std::size_t repeated_ids = 0;
};

Found chunked(const std::vector<Spec>& rows, std::size_t chunk_size, bool id_column)
{
    core::ChunkedDuplicates dups;
    Found out;
    for (std::size_t b = 0; b < rows.size(); b += chunk_size) {
        const auto e = std::min(rows.size(), b + chunk_size);
        const auto scan = dups.add(table_of(rows, b, e, id_column));
        for (auto r : scan.exact)
            out.exact.push_back({b + r.index, r.first_row});
        for (auto r : scan.conflicting)
            out.conflicting.push_back({b + r.index, r.first_row});
    }
    out.repeated_ids = dups.repeated_ids();
    return out;
}

Found reference(const std::vector<Spec>& rows, bool id_column)
{
    const auto t = table_of(rows, 0, rows.size(), id_column);
    const auto scan = core::find_duplicate_records(t);
    Found out;
    for (const auto& r : scan.exact)
        out.exact.push_back({r.index, t.source_row[r.first]});
    for (const auto& r : scan.conflicting)
        out.conflicting.push_back({r.index, t.source_row[r.first]});
    out.repeated_ids = scan.repeated_ids;
    return out;
}

std::vector<Spec> random_rows(std::mt19937& rng, std::size_t n, bool ids)
{
    // Small pools so that repeats, conflicts and equal contents are common.
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    std::vector<Spec> rows(n);
    for (auto& s : rows) {
        s.id = ids && pick(5) ? "R" + std::to_string(pick(10)) : "";
        s.time = 100 + pick(2);
        s.category = pick(2) ? "1211" : "9301";
        const int where = pick(6);
        s.status = where < 4 ? core::LocationStatus::located
                   : where == 4 ? core::LocationStatus::area_code
                                : core::LocationStatus::not_located;
        s.x = 590000 + pick(2), s.y = 6600000;
        s.area = pick(2) ? "1980C1550" : "1980C1310";
        s.address = s.status == core::LocationStatus::not_located && pick(2) ? "Storgatan 1" : "";
        s.sex = pick(4) ? core::Sex::man : core::Sex::kvinna;
        s.age = static_cast<std::int16_t>(pick(4) ? 30 : 31);
    }
    return rows;
}

}  // namespace

TEST(ChunkedDuplicates, RepeatsAcrossAChunkBoundaryNameTheRowOfTheFirst)
{
    // Planted: rows 2-4 in chunk one, rows 5-7 in chunk two (chunks of 3).
    std::vector<Spec> rows(6);
    for (auto& s : rows)
        s.time = 100, s.category = "1211", s.x = 590000, s.y = 6600000;
    rows[0].id = "A";
    rows[1].id = "B";
    rows[2].id = "";            // no id: its content is its identity
    rows[3].id = "A";           // row 5: exact duplicate of row 2
    rows[4].id = "B";           // row 6: same id, another time: a conflict with row 3
    rows[4].time = 200;
    rows[5].id = "";            // row 7: the same content as row 4, no id: exact duplicate of row 4
    const auto found = chunked(rows, 3, true);
    using R = core::ChunkedDuplicates::Repeat;
    EXPECT_EQ(found.exact, (std::vector<R>{{3, 2}, {5, 4}}));
    EXPECT_EQ(found.conflicting, (std::vector<R>{{4, 3}}));
    EXPECT_EQ(found.repeated_ids, 2u);
}

TEST(ChunkedDuplicates, AreaCodesCompareByTextAcrossChunks)
{
    // Chunk one numbers 1980C1310 as code 0, chunk two 1980C1550: the same district has
    // another index in each chunk, so contents compare by the code's text.
    std::vector<Spec> rows(4);
    for (auto& s : rows)
        s.id = "A", s.time = 100, s.category = "1211", s.status = core::LocationStatus::area_code;
    rows[0].area = "1980C1310";
    rows[1].area = "1980C1550";
    rows[2].area = "1980C1550";  // exact duplicate of row 3 (index 1)
    rows[3].area = "1980C1310";  // exact duplicate of row 2 (index 0)
    rows[1].id = "B";
    rows[2].id = "B";
    const auto found = chunked(rows, 2, true);
    using R = core::ChunkedDuplicates::Repeat;
    EXPECT_EQ(found.exact, (std::vector<R>{{2, 3}, {3, 2}}));
    EXPECT_TRUE(found.conflicting.empty());
}

TEST(ChunkedDuplicates, EveryChunkSizeFindsWhatTheWholeTableScanFinds)
{
    std::mt19937 rng(20);
    for (int round = 0; round < 30; ++round) {
        const bool ids = round % 3 != 0, id_column = round % 6 != 0;
        const auto rows = random_rows(rng, 50 + static_cast<std::size_t>(round) * 7, ids);
        const auto expected = reference(rows, id_column);
        // The pools make exact repeats and (with ids) conflicts.
        ASSERT_FALSE(expected.exact.empty()) << "round " << round;
        ASSERT_TRUE(!ids || !id_column || !expected.conflicting.empty()) << "round " << round;
        for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}, rows.size()}) {
            const auto found = chunked(rows, chunk, id_column);
            EXPECT_EQ(found.exact, expected.exact) << "round " << round << " chunk " << chunk;
            EXPECT_EQ(found.conflicting, expected.conflicting) << "round " << round << " chunk " << chunk;
            EXPECT_EQ(found.repeated_ids, expected.repeated_ids) << "round " << round << " chunk " << chunk;
        }
    }
}

TEST(ChunkedDuplicates, AChunkGivenTwiceRepeatsEveryRecordOfIt)
{
    // Counting a chunk twice is seen: each of its records is then a repeat of itself.
    std::vector<Spec> rows(3);
    for (std::size_t k = 0; k < rows.size(); ++k)
        rows[k].id = "R" + std::to_string(k), rows[k].time = 100, rows[k].category = "1211";
    core::ChunkedDuplicates dups;
    const auto chunk = table_of(rows, 0, 3, true);
    EXPECT_TRUE(dups.add(chunk).exact.empty());
    EXPECT_EQ(dups.add(chunk).exact.size(), 3u);
    EXPECT_EQ(dups.entries(), 3u);
}
