// SPDX-License-Identifier: MIT
#include <trygg/core/duplicate_records.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

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

TEST(DuplicateRecords, ALargeTableFindsThePlantedRepeatsInTableOrder)
{
    // Big enough for the bucketed sort of the hashes (4,096 records and more): repeats planted
    // at known rows, the expected lists written from the planting.
    auto t = with_codes();
    const std::size_t n_ids = 10000, n_plain = 2000;
    for (std::size_t i = 0; i < n_ids; ++i)
        add(t, "R" + std::to_string(i), static_cast<core::Minutes>(100 + i), "1211", 0);
    std::vector<std::pair<std::size_t, std::size_t>> exact, conflicting;  // (index, first)
    std::set<std::string> repeated;
    for (std::size_t j = 0; j < 1000; ++j) {  // the same id and content again
        exact.emplace_back(t.size(), 7 * j);
        repeated.insert("R" + std::to_string(7 * j));
        add(t, "R" + std::to_string(7 * j), static_cast<core::Minutes>(100 + 7 * j), "1211", 0);
    }
    for (std::size_t j = 0; j < 500; ++j) {  // the same id at another time
        conflicting.emplace_back(t.size(), 13 * j + 1);
        repeated.insert("R" + std::to_string(13 * j + 1));
        add(t, "R" + std::to_string(13 * j + 1), 5, "1211", 0);
    }
    const std::size_t plain0 = t.size();
    for (std::size_t i = 0; i < n_plain; ++i)  // no id: matched on content
        add(t, "", static_cast<core::Minutes>(200000 + i), "1211", 1);
    for (std::size_t j = 0; j < 300; ++j) {
        exact.emplace_back(t.size(), plain0 + 5 * j);
        add(t, "", static_cast<core::Minutes>(200000 + 5 * j), "1211", 1);
    }
    const auto scan = core::find_duplicate_records(t);
    ASSERT_EQ(scan.exact.size(), exact.size());
    for (std::size_t k = 0; k < exact.size(); ++k) {
        EXPECT_EQ(scan.exact[k].index, exact[k].first) << k;
        EXPECT_EQ(scan.exact[k].first, exact[k].second) << k;
    }
    ASSERT_EQ(scan.conflicting.size(), conflicting.size());
    for (std::size_t k = 0; k < conflicting.size(); ++k) {
        EXPECT_EQ(scan.conflicting[k].index, conflicting[k].first) << k;
        EXPECT_EQ(scan.conflicting[k].first, conflicting[k].second) << k;
        EXPECT_EQ(scan.conflicting[k].differing_field, "time") << k;
    }
    EXPECT_EQ(scan.repeated_ids, repeated.size());
}

TEST(DuplicateRecords, PlantedRepeatsAreFoundTheSameOnAnyNumberOfThreads)
{
    // 300,000 records, above the size at which the keys are sorted on several threads. Planted:
    // every 97th record repeats record i/2 exactly (same id and content), every 101st (not a
    // 97th) takes record i/3's id with a time of its own, and records without an id repeat the
    // content of the record 7 before them every 89th row.
    auto t = with_codes();
    const std::size_t n = 300000;
    std::set<std::size_t> exact, conflicting;
    std::vector<std::size_t> first_of(n);
    std::vector<std::string> ids(n);
    std::vector<core::Minutes> times(n);
    for (std::size_t i = 0; i < n; ++i) {
        const bool anonymous = i % 7 == 3;
        std::size_t source = i;
        if (i > 0 && i % 97 == 0 && !anonymous && (i / 2) % 7 != 3) {
            source = i / 2;
            while (first_of[source] != source)  // a repeat of a repeat names the first
                source = first_of[source];
            exact.insert(i);
        } else if (i > 0 && i % 101 == 0 && !anonymous && (i / 3) % 7 != 3) {
            source = i / 3;
            while (first_of[source] != source)
                source = first_of[source];
            conflicting.insert(i);
        } else if (anonymous && i % 89 == 0 && i >= 7) {
            source = i - 7;
            while (first_of[source] != source)
                source = first_of[source];
            exact.insert(i);
        }
        first_of[i] = exact.count(i) ? source : i;
        ids[i] = anonymous ? "" : source != i ? ids[source] : "id" + std::to_string(i);
        times[i] = conflicting.count(i) ? static_cast<core::Minutes>(i * 7 + 1)
                   : source != i    ? times[source]
                                    : static_cast<core::Minutes>(i * 7);
        add(t, ids[i], times[i], "1211", 0);
    }
    ASSERT_GT(exact.size(), 2500u);
    ASSERT_GT(conflicting.size(), 2000u);
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        const auto scan = core::find_duplicate_records(t, threads);
        ASSERT_EQ(scan.exact.size(), exact.size()) << threads << " threads";
        std::size_t k = 0;
        for (auto i : exact) {
            EXPECT_EQ(scan.exact[k].index, i);
            EXPECT_EQ(scan.exact[k].first, first_of[i]) << "record " << i;
            ++k;
        }
        ASSERT_EQ(scan.conflicting.size(), conflicting.size()) << threads << " threads";
        k = 0;
        for (auto i : conflicting) {
            EXPECT_EQ(scan.conflicting[k].index, i);
            EXPECT_EQ(scan.conflicting[k].differing_field, "time");
            ++k;
        }
    }
}
