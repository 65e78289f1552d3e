// SPDX-License-Identifier: MIT
// Aggregation on a hand-made register whose every figure is counted by hand in the comments.
#include <trygg/core/datetime.hpp>
#include <trygg/stats/aggregate.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

namespace {

core::DistrictLayer two_districts()
{
    core::DistrictLayer l;
    l.codes = {"A", "B"};
    l.names = {"Ann", "Bo"};
    l.polygons.resize(2);
    l.area_km2 = {2.0, 4.0};
    return l;
}

void add(core::IncidentTable& t, const char* when, std::uint16_t groups, core::Sex sex, int age)
{
    t.x.push_back(0);
    t.y.push_back(0);
    t.time.push_back(core::parse_datetime(when)->minutes);
    t.has_clock.push_back(1);
    t.groups.push_back(groups);
    t.sex.push_back(sex);
    t.age.push_back(static_cast<std::int16_t>(age));
    t.status.push_back(core::LocationStatus::located);
    t.area_code.push_back(-1);
    t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
}

core::AreaTable population()
{
    core::AreaTable p;
    p.key_column = "kod";
    p.columns = {"kod", "kon", "alder", "antal"};
    // District A: finer bands than the analysis (0-9 + 10-17 = 0-17). B: a 15-24 band straddles.
    p.rows = {{"A", "man", "0-9", "100"},     {"A", "man", "10-17", "100"}, {"A", "man", "18-64", "300"},
              {"A", "man", "65-", "0"},       {"A", "kvinna", "0-17", "200"}, {"A", "kvinna", "18-64", "400"},
              {"A", "kvinna", "65+", "100"},  {"B", "man", "0-14", "50"},    {"B", "man", "15-24", "50"},
              {"B", "man", "25-", "400"},     {"B", "kvinna", "0-", "500"},  {"X", "man", "0-", "999"}};
    return p;
}

}  // namespace

TEST(Aggregate, CountsRatesChangeAndSuppressionByHand)
{
    core::IncidentTable t;
    t.group_names = {"vald", "tillgrepp"};
    // District A, 2024H1: 6 vald (5 men aged 20, 1 woman aged 70), 1 robbery (vald+tillgrepp, man 10).
    for (int i = 0; i < 5; ++i)
        add(t, "2024-02-01 10:00", 1, core::Sex::man, 20);
    add(t, "2024-06-30 23:59", 1, core::Sex::kvinna, 70);
    add(t, "2024-03-01", 3, core::Sex::man, 10);
    // District A, 2024H2: 2 vald. District B, 2024H2: 1 tillgrepp, unknown sex and age.
    add(t, "2024-07-01 00:00", 1, core::Sex::man, 30);
    add(t, "2024-12-31 12:00", 1, core::Sex::man, 30);
    add(t, "2024-08-01", 2, core::Sex::unknown, -1);
    // Not used (district -1): must not be counted anywhere.
    add(t, "2024-08-01", 1, core::Sex::man, 30);
    std::vector<std::int32_t> district{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1};

    auto layer = two_districts();
    auto pop = population();
    stats::AggregateOptions o;
    o.age_bands = {0, 18, 65};
    o.suppress_below = 5;
    o.population_value = "antal";
    o.population_sex = "kon";
    o.population_age = "alder";
    auto r = stats::aggregate(t, district, layer, &pop, o);

    ASSERT_EQ(r.periods, (std::vector<std::string>{"2024H1", "2024H2"}));
    EXPECT_EQ(r.age_labels, (std::vector<std::string>{"alla", "0-17", "18-64", "65-", "okänd"}));
    const int vald = 0, tillgrepp = 1, man = 1, kvinna = 2, okand = 3;

    // A, H1, vald, all: 5 + 1 + 1 (robbery) = 7; population 100+100+300+0+200+400+100 = 1200.
    const auto a1 = r.find(0, 0, vald);
    EXPECT_EQ(a1->count, 7);
    EXPECT_EQ(a1->population, 1200);
    EXPECT_DOUBLE_EQ(a1->rate_per_1000, 7.0 / 1200 * 1000);
    EXPECT_DOUBLE_EQ(a1->rate_per_km2, 7.0 / 2.0);
    EXPECT_FALSE(a1->suppressed);
    // A, H1, vald, men 18-64 (band 2): 5, population 300.
    EXPECT_EQ(r.find(0, 0, vald, man, 2)->count, 5);
    EXPECT_EQ(r.find(0, 0, vald, man, 2)->population, 300);
    // A, H1, vald, men 0-17: 1 (suppressed: 1..4), population 0-9 + 10-17 = 200.
    EXPECT_TRUE(r.find(0, 0, vald, man, 1)->suppressed);
    EXPECT_TRUE(std::isnan(r.find(0, 0, vald, man, 1)->count));
    EXPECT_EQ(r.find(0, 0, vald, man, 1)->population, 200);
    // Women 65+: "65-" and "65+" are the same band; 1 incident, population 100.
    EXPECT_EQ(r.find(0, 0, vald, kvinna, 3)->population, 100);
    // A, H2, vald: 2 -> suppressed; change against 7 is not published (current suppressed).
    const auto a2 = r.find(0, 1, vald);
    EXPECT_TRUE(a2->suppressed);
    EXPECT_TRUE(std::isnan(a2->change));
    // A, H2, tillgrepp: 0 is published, change 0 - 1 hidden because H1's 1 is suppressed.
    EXPECT_EQ(r.find(0, 1, tillgrepp)->count, 0);
    EXPECT_FALSE(r.find(0, 1, tillgrepp)->suppressed);
    EXPECT_TRUE(std::isnan(r.find(0, 1, tillgrepp)->change));
    // B: men 15-24 straddles 0-17/18-64, so those bands have no population; all ages still 500 + 500.
    EXPECT_TRUE(std::isnan(r.find(1, 0, vald, man, 1)->population));
    EXPECT_TRUE(std::isnan(r.find(1, 0, vald, man, 2)->population));
    EXPECT_EQ(r.find(1, 0, vald, man, 0)->population, 500);
    EXPECT_EQ(r.find(1, 0, vald)->population, 1000);
    // B, H2, tillgrepp: the unknown-sex, unknown-age incident.
    EXPECT_EQ(r.true_counts[r.index(1, 1, tillgrepp, okand, 4)], 1);
    // Municipality (district -1), H1, vald: 7; population 1200 + 1000 (the key X is ignored).
    EXPECT_EQ(r.find(-1, 0, vald)->count, 7);
    EXPECT_EQ(r.find(-1, 0, vald)->population, 2200);
    // Change for the municipality, vald, H2 vs H1: 2 - 7 = -5, but H2's 2 is suppressed.
    EXPECT_TRUE(r.find(-1, 1, vald)->suppressed);
    // District counts for statistics are the true counts.
    EXPECT_EQ(r.district_counts(vald, 1), (std::vector<double>{2, 0}));
}

TEST(Aggregate, InternalRunsPublishEverything)
{
    core::IncidentTable t;
    t.group_names = {"vald"};
    add(t, "2024-02-01", 1, core::Sex::man, 20);
    add(t, "2024-08-01", 1, core::Sex::man, 20);
    add(t, "2024-09-01", 1, core::Sex::man, 20);
    auto layer = two_districts();
    stats::AggregateOptions o;
    o.suppress_below = 0;
    auto r = stats::aggregate(t, {0, 0, 0}, layer, nullptr, o);
    EXPECT_EQ(r.find(0, 1, 0)->count, 2);
    EXPECT_EQ(r.find(0, 1, 0)->change, 1);
    EXPECT_EQ(r.find(0, 1, 0)->change_pct, 100);
    EXPECT_TRUE(std::isnan(r.find(0, 1, 0)->rate_per_1000));  // no population table
}

TEST(Aggregate, PeriodLabels)
{
    auto t = core::parse_datetime("2024-07-15")->minutes;
    EXPECT_EQ(stats::period_label(t, stats::PeriodKind::half_year), "2024H2");
    EXPECT_EQ(stats::period_label(t, stats::PeriodKind::quarter), "2024Q3");
    EXPECT_EQ(stats::period_label(t, stats::PeriodKind::month), "2024-07");
    EXPECT_EQ(stats::period_label(t, stats::PeriodKind::year), "2024");
}

namespace {

// 60 incidents without id over two districts, two half-years, both sexes and several ages;
// with `inserted`, one more incident at the top (A, 2024H1, vald, kvinna, 30), shifting every row.
core::IncidentTable planted_register(bool inserted = false)
{
    core::IncidentTable t;
    t.group_names = {"vald", "tillgrepp"};
    if (inserted)
        add(t, "2024-02-01 10:00", 1, core::Sex::kvinna, 30);
    const char* when[] = {"2024-02-01 10:00", "2024-08-01 11:30"};
    for (int i = 0; i < 60; ++i) {
        add(t, when[i % 2], static_cast<std::uint16_t>(1 + i % 3), i % 3 ? core::Sex::man : core::Sex::kvinna,
            15 + i % 50);
        t.x.back() = 590000 + i;  // every record its own content
    }
    return t;
}

stats::AggregateResult cell_key_counts(const core::IncidentTable& t, const std::vector<std::int32_t>& district,
                                       const char* secret)
{
    stats::AggregateOptions o;
    o.cell_key_noise = true;
    o.cell_key_secret = stats::CellKeySecret::from_text(secret);
    return stats::aggregate(t, district, two_districts(), nullptr, o);
}

}  // namespace

TEST(Aggregate, CellKeyNoiseMovesOnlyTheCellsOfAnInsertedRecord)
{
    const auto t = planted_register();
    std::vector<std::int32_t> district(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        district[i] = static_cast<std::int32_t>(i % 4 < 2 ? 0 : 1);
    const auto before = cell_key_counts(t, district, "the office's fixed secret");

    // The same register with one incident inserted at the top: every row number shifts.
    std::vector<std::int32_t> shifted{0};
    shifted.insert(shifted.end(), district.begin(), district.end());
    const auto after = cell_key_counts(planted_register(true), shifted, "the office's fixed secret");

    ASSERT_EQ(before.cells.size(), after.cells.size());
    int moved = 0, holding = 0;
    for (std::size_t k = 0; k < before.cells.size(); ++k) {
        const auto& c = after.cells[k];
        // The new record is in A (or the whole), 2024H1, vald, kvinna (or alla), 25-44 (or alla).
        const bool holds = (c.district == 0 || c.district < 0) && c.period == 0 && c.group == 0 &&
                           (c.sex == 0 || c.sex == 2) && (c.age == 0 || c.age == 3);
        EXPECT_EQ(after.true_counts[k], before.true_counts[k] + (holds ? 1 : 0)) << k;
        if (!holds) {
            EXPECT_EQ(c.count, before.cells[k].count) << k;  // same records, same noise
        }
        holding += holds;
        moved += holds && c.count != before.cells[k].count;
    }
    EXPECT_EQ(holding, 8);  // 2 districts (A, whole) × 2 sexes × 2 ages
    EXPECT_GT(moved, 0);
}

TEST(Aggregate, CellKeyNoiseIsTheSameForTheSameSecretAndDiffersForAnother)
{
    const auto t = planted_register();
    const std::vector<std::int32_t> district(t.size(), 0);
    const auto a = cell_key_counts(t, district, "the office's fixed secret");
    const auto b = cell_key_counts(t, district, "the office's fixed secret");
    const auto c = cell_key_counts(t, district, "another office's secret");
    int differ = 0, nonzero = 0;
    for (std::size_t k = 0; k < a.cells.size(); ++k) {
        EXPECT_EQ(a.cells[k].count, b.cells[k].count) << k;
        differ += a.cells[k].count != c.cells[k].count;
        nonzero += a.true_counts[k] > 0;
    }
    EXPECT_GT(nonzero, 50);
    EXPECT_GT(differ, 0);
}

// Population by year: a year column gives each period its own year's rows, else the nearest.
TEST(Aggregate, EachPeriodUsesItsOwnYearsPopulationElseTheNearest)
{
    core::IncidentTable t;
    t.group_names = {"vald"};
    // One incident in district A in each of 2021H2, 2022H1, 2023H2, 2025H1 (periods 2021H2..2025H1).
    for (const char* when : {"2021-08-01", "2022-02-01", "2023-09-01", "2025-03-01"})
        add(t, when, 1, core::Sex::man, 30);
    std::vector<std::int32_t> district(t.x.size(), 0);
    core::AreaTable p;
    p.key_column = "kod";
    p.columns = {"kod", "ar", "antal"};
    p.rows = {{"A", "2022", "100"}, {"B", "2022", "300"}, {"A", "2024", "200"}, {"B", "2024", "400"}};
    stats::AggregateOptions o;
    o.suppress_below = 0;
    o.population_value = "antal";
    o.population_year = "ar";
    const auto r = aggregate(t, district, two_districts(), &p, o);
    ASSERT_EQ(r.periods.size(), 8u);  // 2021H2 .. 2025H1
    // 2021H2 -> 2022 (nearest); 2022 -> 2022; 2023 -> 2022 (2022 and 2024 equally near: the
    // earlier); 2024 -> 2024; 2025H1 -> 2024.
    EXPECT_EQ(r.population_year_of_period, (std::vector<int>{2022, 2022, 2022, 2022, 2022, 2024, 2024, 2024}));
    EXPECT_EQ(r.find(0, r.period_index("2021H2"), 0)->population, 100);
    EXPECT_EQ(r.find(0, r.period_index("2023H2"), 0)->population, 100);
    EXPECT_EQ(r.find(0, r.period_index("2024H1"), 0)->population, 200);
    EXPECT_EQ(r.find(-1, r.period_index("2025H1"), 0)->population, 600);
    EXPECT_DOUBLE_EQ(r.find(0, r.period_index("2025H1"), 0)->rate_per_1000, 1.0 / 200 * 1000);
    // Without a year column every row serves every period (as before): sums over both years.
    o.population_year.clear();
    const auto all = aggregate(t, district, two_districts(), &p, o);
    EXPECT_EQ(all.population_year_of_period, std::vector<int>(8, 0));
    EXPECT_EQ(all.find(0, 0, 0)->population, 300);
}
