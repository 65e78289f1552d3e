// SPDX-License-Identifier: MIT
// Counts accumulated chunk by chunk (issue 20): a register counted in chunks, in any order and
// of any size, gives the cube of the whole table, and the counts of a planted register whose
// every cell is known from how it was made. A chunk dropped or counted twice changes them.
#include <trygg/core/datetime.hpp>
#include <trygg/stats/aggregate.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>
#include <tuple>

using namespace trygg;

namespace {

constexpr int districts = 3;
// Half-years planted: 2021H1..2024H2 except 2022H2 (a gap the cube must still hold, as zeros).
const char* const planted_days[] = {"2021-02-03", "2021-09-10", "2022-01-15", "2023-03-01",
                                    "2023-10-20", "2024-04-04", "2024-11-30"};
const char* const planted_labels[] = {"2021H1", "2021H2", "2022H1", "2023H1", "2023H2", "2024H1", "2024H2"};

struct Planted {
    core::IncidentTable table;
    std::vector<std::int32_t> district;
    // (district, planted half-year, group) -> used incidents of the group, tallied as planted.
    std::map<std::tuple<int, int, int>, int> truth;
    int used = 0;
};

// Record r: district r % 4 (3 = outside, not used), half-year from a scramble of r (the latest
// periods come first in the table, so a later chunk opens earlier periods), groups 1, 2 or both.
Planted planted(int n)
{
    Planted p;
    auto& t = p.table;
    t.group_names = {"vald", "tillgrepp"};
    t.has_time = true;
    for (int r = 0; r < n; ++r) {
        const int d = r % 4 == 3 ? -1 : r % 4;
        const int h = r < n / 3 ? 6 - r % 2 : (r * 7 + r / 5) % 7;
        const std::uint16_t groups = static_cast<std::uint16_t>(1 + r % 3);
        t.x.push_back(0), t.y.push_back(0);
        t.time.push_back(core::parse_datetime(planted_days[h])->minutes + r % 600);
        t.has_clock.push_back(1);
        t.groups.push_back(groups);
        t.sex.push_back(r % 5 == 0 ? core::Sex::kvinna : r % 5 == 1 ? core::Sex::unknown : core::Sex::man);
        t.age.push_back(static_cast<std::int16_t>(r % 9 == 0 ? -1 : (r * 13) % 90));
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(r + 2));
        t.content_hash.push_back(0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(r + 1));
        p.district.push_back(d);
        if (d < 0)
            continue;
        ++p.used;
        for (int g = 0; g < 2; ++g)
            if (groups & (1 << g))
                ++p.truth[{d, h, g}];
    }
    return p;
}

// Rows [b, e) of t as a table of their own (as a chunk of the register would be read).
core::IncidentTable slice(const core::IncidentTable& t, std::size_t b, std::size_t e)
{
    core::IncidentTable c;
    c.group_names = t.group_names;
    c.has_time = t.has_time;
    for (std::size_t i = b; i < e; ++i) {
        c.x.push_back(t.x[i]), c.y.push_back(t.y[i]), c.time.push_back(t.time[i]);
        c.has_clock.push_back(t.has_clock[i]), c.groups.push_back(t.groups[i]), c.sex.push_back(t.sex[i]);
        c.age.push_back(t.age[i]), c.status.push_back(t.status[i]), c.area_code.push_back(t.area_code[i]);
        c.source_row.push_back(t.source_row[i]), c.content_hash.push_back(t.content_hash[i]);
    }
    return c;
}

core::DistrictLayer layer()
{
    core::DistrictLayer l;
    l.codes = {"A", "B", "C"};
    l.names = {"A", "B", "C"};
    l.polygons.resize(districts);
    l.area_km2 = {1.0, 2.0, 3.0};
    return l;
}

// The table counted in chunks of `chunk` records, the last chunk first when `reversed`.
stats::AggregateResult chunked(const Planted& p, std::size_t chunk, bool reversed, const stats::AggregateOptions& o,
                               std::uint64_t* counted = nullptr)
{
    const auto l = layer();
    stats::AggregateCounter counter(p.table.group_names, l.size(), o);
    std::vector<std::size_t> starts;
    for (std::size_t b = 0; b < p.table.size(); b += chunk)
        starts.push_back(b);
    if (reversed)
        std::reverse(starts.begin(), starts.end());
    for (auto b : starts) {
        const auto e = std::min(p.table.size(), b + chunk);
        const std::vector<std::int32_t> d(p.district.begin() + static_cast<std::ptrdiff_t>(b),
                                          p.district.begin() + static_cast<std::ptrdiff_t>(e));
        counter.add(slice(p.table, b, e), d);
    }
    if (counted)
        *counted = counter.counted();
    return counter.finish(l, nullptr, p.table.groups_not_in_source,
                          stats::incident_coverage(p.table, o.covered_from, o.covered_to));
}

void expect_same(const stats::AggregateResult& a, const stats::AggregateResult& b)
{
    ASSERT_EQ(a.periods, b.periods);
    ASSERT_EQ(a.true_counts.size(), b.true_counts.size());
    for (std::size_t k = 0; k < a.true_counts.size(); ++k)
        ASSERT_EQ(a.true_counts[k], b.true_counts[k]) << "cell " << k;
    ASSERT_EQ(a.cells.size(), b.cells.size());
    for (std::size_t k = 0; k < a.cells.size(); ++k) {
        const auto x = a.cells[k], y = b.cells[k];
        // A withheld cell's count reads NaN (shown as ".."): the same in both, or equal.
        ASSERT_TRUE(std::isnan(x.count) ? std::isnan(y.count) : x.count == y.count) << "cell " << k;
        ASSERT_EQ(x.suppressed, y.suppressed) << "cell " << k;
    }
    EXPECT_EQ(a.period_complete, b.period_complete);
}

}  // namespace

TEST(AggregateCounter, ChunksGiveThePlantedCounts)
{
    const auto p = planted(1000);
    stats::AggregateOptions o;
    o.suppress_below = 0;
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{333}, std::size_t{1000}})
        for (bool reversed : {false, true}) {
            SCOPED_TRACE("chunk " + std::to_string(chunk) + (reversed ? " reversed" : ""));
            std::uint64_t counted = 0;
            const auto r = chunked(p, chunk, reversed, o, &counted);
            EXPECT_EQ(counted, static_cast<std::uint64_t>(p.used));
            // Every half-year from the first to the last planted, the gap 2022H2 included.
            ASSERT_EQ(r.periods, (std::vector<std::string>{"2021H1", "2021H2", "2022H1", "2022H2", "2023H1",
                                                           "2023H2", "2024H1", "2024H2"}));
            for (int d = 0; d < districts; ++d)
                for (int g = 0; g < 2; ++g) {
                    EXPECT_EQ(r.find(d, r.period_index("2022H2"), g)->count, 0);
                    int all_periods = 0;
                    for (int h = 0; h < 7; ++h) {
                        const auto it = p.truth.find({d, h, g});
                        const int want = it == p.truth.end() ? 0 : it->second;
                        all_periods += want;
                        EXPECT_EQ(r.find(d, r.period_index(planted_labels[h]), g)->count, want)
                            << "district " << d << " " << planted_labels[h] << " group " << g;
                    }
                    EXPECT_GT(all_periods, 0);
                }
            // The municipality row is the districts' sum, as planted.
            for (int h = 0; h < 7; ++h) {
                int want = 0;
                for (int d = 0; d < districts; ++d)
                    want += p.truth.count({d, h, 0}) ? p.truth.at({d, h, 0}) : 0;
                EXPECT_EQ(r.find(-1, r.period_index(planted_labels[h]), 0)->count, want);
            }
        }
}

TEST(AggregateCounter, ChunksGiveTheWholeTableCubeWithSuppressionAndCellKey)
{
    const auto p = planted(700);
    const auto l = layer();
    stats::AggregateOptions suppress;
    suppress.suppress_below = 5;
    stats::AggregateOptions noise;
    noise.cell_key_noise = true;
    noise.cell_key_secret = stats::CellKeySecret::from_text("a secret of at least sixteen characters");
    for (const auto* o : {&suppress, &noise}) {
        const auto whole = stats::aggregate(p.table, p.district, l, nullptr, *o);
        // Something to compare: cells withheld, or counts the noise moved.
        std::size_t withheld = 0, moved = 0;
        for (std::size_t k = 0; k < whole.cells.size(); ++k) {
            withheld += whole.cells[k].suppressed;
            moved += !std::isnan(whole.cells[k].count) && whole.cells[k].count != whole.true_counts[k];
        }
        EXPECT_GT(o == &suppress ? withheld : moved, 0u);
        for (std::size_t chunk : {std::size_t{1}, std::size_t{50}, std::size_t{699}})
            for (bool reversed : {false, true}) {
                SCOPED_TRACE("chunk " + std::to_string(chunk) + (reversed ? " reversed" : ""));
                expect_same(chunked(p, chunk, reversed, *o), whole);
            }
    }
}

TEST(AggregateCounter, AChunkCountedTwiceOrDroppedIsSeen)
{
    // The comparison above must be able to fail: count the first chunk twice, or not at all.
    const auto p = planted(300);
    const auto l = layer();
    stats::AggregateOptions o;
    o.suppress_below = 0;
    const auto whole = stats::aggregate(p.table, p.district, l, nullptr, o);
    for (int times : {0, 2}) {
        stats::AggregateCounter counter(p.table.group_names, l.size(), o);
        const std::vector<std::int32_t> first(p.district.begin(), p.district.begin() + 100);
        const std::vector<std::int32_t> rest(p.district.begin() + 100, p.district.end());
        for (int k = 0; k < times; ++k)
            counter.add(slice(p.table, 0, 100), first);
        counter.add(slice(p.table, 100, 300), rest);
        const auto r = counter.finish(l, nullptr, 0, stats::incident_coverage(p.table));
        EXPECT_NE(r.true_counts, whole.true_counts) << "first chunk added " << times << " times";
    }
}

TEST(AggregateCounter, WholeTablesAreCountedInSlicesOnAnyNumberOfThreadsAsPlanted)
{
    // 300,000 records, above the size aggregate() splits into slices a thread; the planted
    // counts and, with cell-key noise, the same cube on 1, 2 and 3 threads.
    const auto p = planted(300000);
    const auto l = layer();
    stats::AggregateOptions o;
    o.suppress_below = 0;
    stats::AggregateOptions noise;
    noise.cell_key_noise = true;
    noise.cell_key_secret = stats::CellKeySecret::from_text("a secret of at least sixteen characters");
    std::optional<stats::AggregateResult> noisy_one;
    for (unsigned threads : {1u, 2u, 3u}) {
        SCOPED_TRACE(std::to_string(threads) + " threads");
        o.threads = noise.threads = threads;
        const auto r = stats::aggregate(p.table, p.district, l, nullptr, o);
        for (int d = 0; d < districts; ++d)
            for (int g = 0; g < 2; ++g)
                for (int h = 0; h < 7; ++h) {
                    const auto it = p.truth.find({d, h, g});
                    ASSERT_EQ(r.find(d, r.period_index(planted_labels[h]), g)->count,
                              it == p.truth.end() ? 0 : it->second);
                }
        const auto noisy = stats::aggregate(p.table, p.district, l, nullptr, noise);
        if (noisy_one)
            expect_same(noisy, *noisy_one);
        else
            noisy_one = noisy;
    }
}
