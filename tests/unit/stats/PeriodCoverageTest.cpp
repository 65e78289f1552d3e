// SPDX-License-Identifier: MIT
// Period coverage: measured ranges, strays and complete periods on hand-made times whose
// every expected figure is worked out in the comments.
#include <trygg/core/datetime.hpp>
#include <trygg/stats/period_coverage.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

using namespace trygg;
using stats::TimeCoverage;

namespace {

constexpr core::Minutes day = 24 * 60;

core::Minutes at(int y, unsigned m, unsigned d, int hour = 0) { return core::days_from_civil(y, m, d) * day + hour * 60; }

}  // namespace

TEST(PeriodCoverage, PeriodBoundsOfEveryLabelKind)
{
    core::Minutes b = 0, e = 0;
    ASSERT_TRUE(stats::period_bounds("2024H1", b, e));
    EXPECT_EQ(b, at(2024, 1, 1));
    EXPECT_EQ(e, at(2024, 7, 1));
    ASSERT_TRUE(stats::period_bounds("2023H2", b, e));
    EXPECT_EQ(b, at(2023, 7, 1));
    EXPECT_EQ(e, at(2024, 1, 1));
    ASSERT_TRUE(stats::period_bounds("2024Q3", b, e));
    EXPECT_EQ(b, at(2024, 7, 1));
    EXPECT_EQ(e, at(2024, 10, 1));
    ASSERT_TRUE(stats::period_bounds("2024-02", b, e));
    EXPECT_EQ(b, at(2024, 2, 1));
    EXPECT_EQ(e, at(2024, 3, 1));
    ASSERT_TRUE(stats::period_bounds("2024", b, e));
    EXPECT_EQ(b, at(2024, 1, 1));
    EXPECT_EQ(e, at(2025, 1, 1));
    EXPECT_FALSE(stats::period_bounds("2024H3", b, e));
    EXPECT_FALSE(stats::period_bounds("alla", b, e));
}

// The Västerås register's case, declared: 2017-07-01 to 2024-03-31 (both included).
TEST(PeriodCoverage, DeclaredRangeEndingInMarchLeavesTheFirstHalfYearIncomplete)
{
    const auto c = stats::declared_coverage(at(2017, 7, 1), at(2024, 3, 31));
    EXPECT_EQ(c.from, at(2017, 7, 1));
    EXPECT_EQ(c.to, at(2024, 4, 1));
    const std::vector<std::string> periods{"2017H2", "2018H1", "2023H2", "2024H1"};
    const auto complete = stats::complete_periods(c, periods);
    EXPECT_EQ(complete, (std::vector<char>{1, 1, 1, 0}));
    EXPECT_EQ(stats::latest_complete_period(periods, complete), 2);  // 2023H2
    // Declared: no tolerance, a range ending one day short of the half-year leaves it incomplete.
    EXPECT_FALSE(stats::period_complete(stats::declared_coverage(at(2023, 7, 1), at(2023, 12, 30)), "2023H2"));
    EXPECT_TRUE(stats::period_complete(stats::declared_coverage(at(2023, 7, 1), at(2023, 12, 31)), "2023H2"));
}

// One record per day from 2023-01-03 to 2023-12-29 (361 records): typical gap 1 day, so the
// tolerance is 5 days; two days missing at either end still leave both half-years complete.
TEST(PeriodCoverage, MeasuredRangeToleratesFiveTypicalGaps)
{
    std::vector<core::Minutes> t;
    for (core::Minutes m = at(2023, 1, 3, 12); m <= at(2023, 12, 29, 12); m += day)
        t.push_back(m);
    auto c = stats::measure_coverage(t);
    EXPECT_TRUE(c.strays.empty());
    EXPECT_EQ(c.typical_gap, day);
    EXPECT_EQ(c.from, at(2023, 1, 3));
    EXPECT_EQ(c.to, at(2023, 12, 30));
    EXPECT_EQ(stats::coverage_text(c), "2023-01-03 \u2013 2023-12-29");
    EXPECT_TRUE(stats::period_complete(c, "2023H1"));
    EXPECT_TRUE(stats::period_complete(c, "2023H2"));
    // Ending on 2023-12-20 misses 11 days of the second half-year: more than 5, incomplete.
    while (t.back() > at(2023, 12, 20, 12))
        t.pop_back();
    c = stats::measure_coverage(t);
    EXPECT_TRUE(stats::period_complete(c, "2023H1"));
    EXPECT_FALSE(stats::period_complete(c, "2023H2"));
    // Quarters and months as well: 2023-12 misses 11 of its days, 2023-11 none.
    EXPECT_FALSE(stats::period_complete(c, "2023-12"));
    EXPECT_TRUE(stats::period_complete(c, "2023-11"));
    EXPECT_TRUE(stats::period_complete(c, "2023Q3"));
}

// Exempelstad's case: a dense series (one record an hour, 2022-01-01 00:00 to 2022-03-11 23:00, 1,680
// records) and one record 2026-03-14. Typical gap 1 hour; the stray's gap is years, more than
// 30 days, 50 hours and 10 times each of the next 10 gaps (1 hour).
TEST(PeriodCoverage, IsolatedRecordFarAfterTheRestIsAStray)
{
    std::vector<core::Minutes> t;
    for (int h = 0; h < 1680; ++h)
        t.push_back(at(2022, 1, 1) + h * 60);
    t.insert(t.begin() + 7, at(2026, 3, 14, 18));  // the stray, in the middle of the input order
    const auto c = stats::measure_coverage(t);
    ASSERT_EQ(c.strays.size(), 1u);
    EXPECT_EQ(c.strays[0], 7u);
    EXPECT_EQ(c.typical_gap, 60);
    EXPECT_EQ(c.from, at(2022, 1, 1));
    EXPECT_EQ(c.to, at(2022, 3, 12));  // last record 2022-03-11 23:00
    EXPECT_FALSE(stats::period_complete(c, "2026H1"));
    const std::vector<std::string> months{"2022-01", "2022-02", "2022-03"};
    // 2022-03 misses 20 days (tolerance: 5 hours raised to 1 day): incomplete; 2022-02 is latest.
    EXPECT_EQ(stats::latest_complete_period(months, stats::complete_periods(c, months)), 1);
}

// A stray before the rest too, and a group of two strays (at most 1 % of 1,680 = 16).
TEST(PeriodCoverage, StraysAtTheStartAndGroupsOfStrays)
{
    std::vector<core::Minutes> t;
    for (int h = 0; h < 1680; ++h)
        t.push_back(at(2022, 1, 1) + h * 60);
    t.push_back(at(1922, 1, 5));        // a mistyped year
    t.push_back(at(2026, 3, 14, 18));   // two records far after
    t.push_back(at(2026, 3, 15, 9));
    const auto c = stats::measure_coverage(t);
    EXPECT_EQ(c.strays, (std::vector<std::size_t>{1680, 1681, 1682}));
    EXPECT_EQ(c.from, at(2022, 1, 1));
}

// A register whose oldest records thin out gradually (Västerås: gaps of 242, 211, 123, 67, 40
// days before a dense series) has no stray: the first gap is not 10 times the next ones.
TEST(PeriodCoverage, GraduallyThinningStartIsNoStray)
{
    std::vector<core::Minutes> t{at(2017, 7, 18)};
    for (int g : {242, 211, 123, 67, 40, 27, 20})
        t.push_back(t.back() + g * day);
    for (int k = 0; k < 700; ++k)
        t.push_back(t.back() + 2 * day);
    const auto c = stats::measure_coverage(t);
    EXPECT_TRUE(c.strays.empty());
    EXPECT_EQ(c.from, at(2017, 7, 18));
}

// A gap shorter than 30 days is never a stray, however dense the rest; fewer than 20 records:
// no strays at all.
TEST(PeriodCoverage, ShortGapsAndSmallSourcesHaveNoStrays)
{
    std::vector<core::Minutes> t;
    for (int h = 0; h < 1000; ++h)
        t.push_back(at(2022, 1, 1) + h);
    t.push_back(at(2022, 1, 29));  // 28 days after the rest
    EXPECT_TRUE(stats::measure_coverage(t).strays.empty());
    std::vector<core::Minutes> few;
    for (int k = 0; k < 18; ++k)
        few.push_back(at(2022, 1, 1) + k * 60);
    few.push_back(at(2030, 1, 1));
    EXPECT_TRUE(stats::measure_coverage(few).strays.empty());
}

TEST(PeriodCoverage, LatestFallsBackToTheLastWhenNoneIsComplete)
{
    const std::vector<std::string> p{"2024H1", "2024H2"};
    EXPECT_EQ(stats::latest_complete_period(p, {0, 0}), 1);
    EXPECT_EQ(stats::latest_complete_period(p, {1, 0}), 0);
    EXPECT_EQ(stats::latest_complete_period({}, {}), -1);
    // Unknown coverage (no times): every period counts as complete.
    EXPECT_TRUE(stats::period_complete(TimeCoverage{}, "2024H1"));
}

namespace {

// The measurement as first written: every record stably sorted by time (the reference the
// selection-based one must equal: same typical gap, ends and strays, ties by input order).
stats::TimeCoverage sorted_reference(const std::vector<core::Minutes>& times)
{
    stats::TimeCoverage c;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < times.size(); ++i)
        if (times[i] != core::no_time)
            order.push_back(i);
    if (order.empty())
        return c;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
    const std::size_t n = order.size();
    auto at = [&](std::size_t k) { return times[order[k]]; };
    auto day_start = [](core::Minutes t) { return t - ((t % day) + day) % day; };
    auto strays = [&](auto gap) {
        const std::size_t max_group = std::clamp<std::size_t>(n / 100, 1, 10);
        std::size_t best = 0;
        for (std::size_t m = 1; m <= max_group && m + 10 < n; ++m) {
            const core::Minutes g = gap(m - 1);
            if (g < 30 * day || g <= 50 * c.typical_gap)
                continue;
            bool isolated = true;
            for (std::size_t k = m; k < m + 10; ++k)
                isolated = isolated && g > 10 * gap(k);
            if (isolated)
                best = m;
        }
        return best;
    };
    const std::size_t lo = (n - 1) / 20, hi = (n - 1) - (n - 1) / 20;
    c.typical_gap = hi > lo ? (at(hi) - at(lo)) / static_cast<core::Minutes>(hi - lo) : 0;
    std::size_t head = 0, tail = 0;
    if (n >= 20) {
        tail = strays([&](std::size_t k) { return at(n - 1 - k) - at(n - 2 - k); });
        head = strays([&](std::size_t k) { return at(k + 1) - at(k); });
    }
    for (std::size_t k = 0; k < head; ++k)
        c.strays.push_back(order[k]);
    for (std::size_t k = n - tail; k < n; ++k)
        c.strays.push_back(order[k]);
    c.from = day_start(at(head));
    c.to = day_start(at(n - 1 - tail)) + day;
    return c;
}

}  // namespace

// The measurement reads only the end records and two order statistics (no sort of all
// records): on random registers — ties, missing times, strays at both ends, spans from minutes
// to far beyond 2^32 minutes (several histogram passes), sizes around the end lists' length —
// it equals the full stable sort, and records passed by index map back to the table's rows.
TEST(PeriodCoverage, SelectionEqualsTheFullSortOnRandomRegisters)
{
    std::mt19937_64 rng(20261206);
    int with_strays = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const std::size_t n = trial < 100 ? static_cast<std::size_t>(trial) : 100 + rng() % (trial < 390 ? 5000 : 200000);
        const core::Minutes span = trial % 4 == 0 ? 50 : trial % 4 == 1 ? 3 * 365 * day
                                   : trial % 4 == 2 ? core::Minutes{1} << 40 : core::Minutes{1} << 56;  // 10 gaps of it still fit int64
        const core::Minutes base = at(2019, 1, 1) - static_cast<core::Minutes>(rng() % 1000) * day;
        std::vector<core::Minutes> times(n);
        for (auto& t : times)
            t = rng() % 13 == 0 ? core::no_time : base + static_cast<core::Minutes>(rng() % static_cast<std::uint64_t>(span));
        if (n > 200 && trial % 3 == 0) {  // strays, anywhere in the input order, some on one time
            for (int s = 0; s < 1 + trial % 4; ++s)
                times[rng() % n] = base + span + (400 + s / 2) * day;
            times[rng() % n] = base - 2000 * day;
            times[rng() % n] = base - 2000 * day;
        }
        const auto expected = sorted_reference(times);
        with_strays += !expected.strays.empty();
        const auto got = stats::measure_coverage(times);
        ASSERT_EQ(got.typical_gap, expected.typical_gap) << "trial " << trial << ", n " << n;
        ASSERT_EQ(got.from, expected.from) << "trial " << trial;
        ASSERT_EQ(got.to, expected.to) << "trial " << trial;
        ASSERT_EQ(got.strays, expected.strays) << "trial " << trial;
    }
    EXPECT_GT(with_strays, 20);  // the stray branch was exercised

    // By index: a table's rows 3, 5, 7, ... measured as a subset report the table's indexes.
    core::IncidentTable table;
    std::vector<core::Minutes> column(3000), subset;
    std::vector<std::size_t> records;
    for (std::size_t i = 0; i < column.size(); ++i)
        column[i] = at(2022, 1, 1) + static_cast<core::Minutes>(rng() % (90 * day));
    column[1001] = at(2025, 6, 1);  // a stray, in the subset
    for (std::size_t i = 3; i < column.size(); i += 2)
        records.push_back(i), subset.push_back(column[i]);
    table.time = core::SharedColumn<core::Minutes>(std::vector<core::Minutes>(column));
    const auto by_index = stats::measure_coverage(table, records);
    const auto expected = sorted_reference(subset);
    ASSERT_EQ(expected.strays.size(), 1u);
    EXPECT_EQ(by_index.strays, std::vector<std::size_t>{1001});
    EXPECT_EQ(by_index.from, expected.from);
    EXPECT_EQ(by_index.typical_gap, expected.typical_gap);
}

// A streamed count keeps each distinct time's count, not the records: measured on the counts
// it equals the full stable sort of the records, strays given by rank (the k-th record in the
// order by time, then by input order: the sorted reference's k-th).
TEST(PeriodCoverage, CountsOfEachTimeMeasureAsTheRecordsDo)
{
    std::mt19937_64 rng(20261207);
    int with_strays = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const std::size_t n = trial < 60 ? static_cast<std::size_t>(trial) : 60 + rng() % 20000;
        const core::Minutes span = trial % 3 == 0 ? 40 : trial % 3 == 1 ? 3 * 365 * day : core::Minutes{1} << 40;
        const core::Minutes base = at(2019, 1, 1);
        std::vector<core::Minutes> times(n);
        for (auto& t : times)
            t = rng() % 11 == 0 ? core::no_time : base + static_cast<core::Minutes>(rng() % static_cast<std::uint64_t>(span));
        if (n > 200 && trial % 2 == 0) {
            times[rng() % n] = base + span + 500 * day;
            times[rng() % n] = base - 3000 * day;
        }
        std::map<core::Minutes, std::uint64_t> per_time;
        for (auto t : times)
            if (t != core::no_time)
                ++per_time[t];
        std::vector<stats::TimeCount> counts;
        for (const auto& [t, k] : per_time)
            counts.push_back({t, k});
        const auto expected = sorted_reference(times);
        with_strays += !expected.strays.empty();
        const auto got = stats::measure_coverage(counts);
        ASSERT_EQ(got.typical_gap, expected.typical_gap) << "trial " << trial;
        ASSERT_EQ(got.from, expected.from) << "trial " << trial;
        ASSERT_EQ(got.to, expected.to) << "trial " << trial;
        // Ranks against the reference's records: the same times, in order.
        ASSERT_EQ(got.strays.size(), expected.strays.size()) << "trial " << trial;
        std::vector<core::Minutes> sorted;
        for (auto t : times)
            if (t != core::no_time)
                sorted.push_back(t);
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t k = 0; k < got.strays.size(); ++k)
            ASSERT_EQ(sorted[got.strays[k]], times[expected.strays[k]]) << "trial " << trial;
    }
    EXPECT_GT(with_strays, 20);
}
