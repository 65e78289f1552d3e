// SPDX-License-Identifier: MIT
// Indicator evaluation on hand-made districts, tables and registers; every expected figure is
// worked out by hand in the comments.
#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/factors/indicator_evaluation.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;
using namespace trygg::factors;

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

core::DistrictLayer three_districts()
{
    core::DistrictLayer l;
    l.codes = {"A", "B", "C"};
    l.names = {"Ann", "Bo", "Cid"};
    l.polygons.resize(3);
    l.area_km2 = {2.0, 0.5, 0.0};
    return l;
}

core::AreaTable table(std::vector<std::string> columns, std::vector<std::vector<std::string>> rows)
{
    core::AreaTable t;
    t.source = "tabell.csv";
    t.key_column = "kod";
    t.columns = std::move(columns);
    t.rows = std::move(rows);
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        t.source_rows.push_back(r + 2);
    return t;
}

Indicator indicator(const std::string& field, RawForm form, const std::string& source = "t")
{
    Indicator i;
    i.id = "ind";
    i.goal = 2;
    i.source = source;
    i.field = field;
    i.form = form;
    i.line = 7;
    return i;
}

IndicatorResult evaluated(const Indicator& ind, const core::AreaTable& t, const std::vector<double>& population = {})
{
    IndicatorSource src;
    src.table = &t;
    auto out = evaluate_indicator(ind, src, three_districts(), population.empty() ? std::vector<double>(3, missing) : population,
                                  {});
    EXPECT_TRUE(out.result.has_value()) << out.unavailable;
    return out.result.value_or(IndicatorResult{});
}

void add(core::IncidentTable& t, const char* when)
{
    t.x.push_back(0);
    t.y.push_back(0);
    t.time.push_back(core::parse_datetime(when)->minutes);
    t.has_clock.push_back(0);
    t.groups.push_back(1);
    t.sex.push_back(core::Sex::man);
    t.age.push_back(30);
    t.status.push_back(core::LocationStatus::located);
    t.area_code.push_back(-1);
    t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
}

// Districts A (1,000 inhabitants), B (3,000), C (none known). Group "vald": A has 6 incidents
// in 2024H1 and 6 in 2024H2; B has 3 in 2024H2; C has 1 in 2024H1.
stats::AggregateResult register_aggregate()
{
    core::IncidentTable t;
    t.group_names = {"vald"};
    std::vector<std::int32_t> district;
    for (int i = 0; i < 6; ++i, district.push_back(0))
        add(t, "2024-03-01");
    for (int i = 0; i < 6; ++i, district.push_back(0))
        add(t, "2024-09-01");
    for (int i = 0; i < 3; ++i, district.push_back(1))
        add(t, "2024-10-01");
    add(t, "2024-02-01");
    district.push_back(2);
    auto pop = table({"kod", "antal"}, {{"A", "1000"}, {"B", "3000"}});
    stats::AggregateOptions o;
    o.population_value = "antal";
    o.suppress_below = 5;
    return stats::aggregate(t, district, three_districts(), &pop, o);
}

}  // namespace

TEST(IndicatorEvaluation, TableValueWithMissingCellsAndTheMunicipalMean)
{
    // C's ".." is SCB's missing marker; an unknown key is ignored.
    auto t = table({"kod", "x"}, {{"A", "10"}, {"B", "20"}, {"C", ".."}, {"Z", "99"}});
    auto r = evaluated(indicator("x", RawForm::value), t);
    EXPECT_EQ(r.source_file, "tabell.csv");
    EXPECT_DOUBLE_EQ(r.raw[0], 10.0);
    EXPECT_DOUBLE_EQ(r.raw[1], 20.0);
    EXPECT_TRUE(std::isnan(r.raw[2]));
    EXPECT_DOUBLE_EQ(r.municipal, 15.0);  // (10 + 20) / 2
    EXPECT_FALSE(r.is_rate);
    EXPECT_TRUE(r.coverage.empty());
}

TEST(IndicatorEvaluation, RatioOfSumsAndScbColumnTails)
{
    // "a+b/c": A (1 + 2) / 6 = 50 %; B (3 + 1) / 16 = 25 %; C's c is 0: missing.
    // Column "2022 | b" is found by its tail "b".
    auto t = table({"kod", "a", "2022 | b", "c", "tackning"},
                   {{"A", "1", "2", "6", "1"}, {"B", "3", "1", "16", "0,5"}, {"C", "1", "1", "0", ""}});
    auto r = evaluated(indicator("a+b/c", RawForm::ratio), t);
    EXPECT_DOUBLE_EQ(r.raw[0], 50.0);
    EXPECT_DOUBLE_EQ(r.raw[1], 25.0);
    EXPECT_TRUE(std::isnan(r.raw[2]));
    ASSERT_EQ(r.coverage.size(), 3u);
    EXPECT_DOUBLE_EQ(r.coverage[0], 1.0);
    EXPECT_DOUBLE_EQ(r.coverage[1], 0.5);
    EXPECT_TRUE(std::isnan(r.coverage[2]));
}

TEST(IndicatorEvaluation, Per1000AndPerKm2)
{
    auto t = table({"kod", "n"}, {{"A", "5"}, {"B", "30"}, {"C", "4"}});
    // Per 1,000 of {1000, 3000, unknown}: 5, 10, missing; municipal 1000 × (5 + 30) / 4000 = 8.75.
    auto p = evaluated(indicator("n", RawForm::per_1000), t, {1000, 3000, missing});
    EXPECT_DOUBLE_EQ(p.raw[0], 5.0);
    EXPECT_DOUBLE_EQ(p.raw[1], 10.0);
    EXPECT_TRUE(std::isnan(p.raw[2]));
    EXPECT_DOUBLE_EQ(p.municipal, 8.75);
    // Per km² of {2, 0.5, 0}: 2.5, 60, missing (no area); municipal mean 31.25.
    auto k = evaluated(indicator("n", RawForm::per_km2), t);
    EXPECT_DOUBLE_EQ(k.raw[0], 2.5);
    EXPECT_DOUBLE_EQ(k.raw[1], 60.0);
    EXPECT_TRUE(std::isnan(k.raw[2]));
    EXPECT_DOUBLE_EQ(k.municipal, 31.25);
}

TEST(IndicatorEvaluation, LongTableBySex)
{
    // A has a total row; B has only women and men: its total is their unweighted mean (40).
    auto t = table({"kod", "kon", "v"}, {{"A", "totalt", "70"},
                                         {"A", "kvinnor", "60"},
                                         {"A", "män", "80"},
                                         {"B", "K", "30"},
                                         {"B", "M", "50"}});
    auto r = evaluated(indicator("v", RawForm::value), t);
    EXPECT_DOUBLE_EQ(r.raw[0], 70.0);
    EXPECT_DOUBLE_EQ(r.raw[1], 40.0);
    EXPECT_TRUE(std::isnan(r.raw[2]));
    EXPECT_DOUBLE_EQ(r.women[1], 30.0);
    EXPECT_DOUBLE_EQ(r.men[0], 80.0);
    EXPECT_DOUBLE_EQ(r.municipal_women, 45.0);  // (60 + 30) / 2
    EXPECT_DOUBLE_EQ(r.municipal_men, 65.0);    // (80 + 50) / 2
}

TEST(IndicatorEvaluation, TableErrorsNameIndicatorFileAndRow)
{
    auto t = table({"kod", "x"}, {{"A", "1"}, {"A", "2"}});
    IndicatorSource src;
    src.table = &t;
    const auto layer = three_districts();
    const std::vector<double> pop(3, missing);
    try {
        evaluate_indicator(indicator("y", RawForm::value), src, layer, pop, {});
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "indicator 'ind' (catalogue line 7): field 'y' not found in 'tabell.csv' (the fields are: kod, x)");
    }
    try {
        evaluate_indicator(indicator("x", RawForm::value), src, layer, pop, {});
        FAIL();
    } catch (const core::DataError& e) {
        EXPECT_EQ(std::string(e.what()), "'tabell.csv' row 3: key 'A' appears twice (and the table has no 'kon' column)");
    }
    EXPECT_THROW(evaluate_indicator(indicator("x", RawForm::rate), src, layer, pop, {}), core::InputError);
}

TEST(IndicatorEvaluation, NoDistrictWithAValueIsLeftOutWithAWarning)
{
    auto t = table({"kod", "x"}, {{"A", ".."}, {"B", ""}});
    IndicatorSource src;
    src.table = &t;
    auto out = evaluate_indicator(indicator("x", RawForm::value), src, three_districts(), std::vector<double>(3, missing), {});
    EXPECT_FALSE(out.result);
    EXPECT_EQ(out.unavailable, "ind: no district has a value");
    EXPECT_EQ(out.warning, "indicator 'ind' has no value for any district; left out");
}

TEST(IndicatorEvaluation, CrimeRatePooledWithRateRatio)
{
    const auto agg = register_aggregate();
    IndicatorSource src;
    src.aggregate = &agg;
    src.incidents_file = "brott.csv";
    IndicatorOptions internal;
    internal.internal = true;
    const auto layer = three_districts();
    const std::vector<double> pop(3, missing);
    // All periods: one year. Counts A 12, B 3 (C has no population and is left out of the
    // municipal rate): 15 / 4000 person-years = 3.75 per 1,000. A: 12 per 1,000, expected 3.75,
    // ratio 3.2; B: 1 per 1,000, expected 11.25, ratio 3 / 11.25.
    auto out = evaluate_indicator(indicator("vald", RawForm::rate, "agg"), src, layer, pop, internal);
    ASSERT_TRUE(out.result);
    const auto& r = *out.result;
    EXPECT_TRUE(r.is_rate);
    EXPECT_EQ(r.source_file, "brott.csv");
    EXPECT_DOUBLE_EQ(r.municipal, 3.75);
    EXPECT_DOUBLE_EQ(r.raw[0], 12.0);
    EXPECT_DOUBLE_EQ(r.raw[1], 1.0);
    EXPECT_TRUE(std::isnan(r.raw[2]));
    EXPECT_DOUBLE_EQ(r.count[0], 12.0);
    EXPECT_DOUBLE_EQ(r.count[2], 1.0);
    EXPECT_DOUBLE_EQ(r.expected[0], 3.75);
    EXPECT_DOUBLE_EQ(r.expected[1], 11.25);
    EXPECT_DOUBLE_EQ(r.ratio[0], 3.2);
    EXPECT_DOUBLE_EQ(r.ratio[1], 3.0 / 11.25);
    EXPECT_LT(r.ratio_low[0], 3.2);
    EXPECT_GT(r.ratio_high[0], 3.2);
    EXPECT_EQ(r.suppressed, (std::vector<char>{0, 0, 0}));
    EXPECT_TRUE(r.women.empty());  // no population by sex

    // Published: B's pooled 3 is below 5 and withheld; its rate rests on the estimate from the
    // published cells (B's withheld 2024H2 cell: the period's total minus the published
    // districts, shared among the withheld ones), never on the true 3.
    auto pub = evaluate_indicator(indicator("vald", RawForm::rate, "agg"), src, layer, pop, {});
    ASSERT_TRUE(pub.result);
    EXPECT_EQ(pub.result->suppressed[1], 1);
    EXPECT_EQ(pub.result->estimated[1], 1);
    double b_estimate = 0;
    for (int p = 0; p < 2; ++p) {
        double published = 0;
        int withheld = 0;
        for (int d = 0; d < 3; ++d) {
            const auto c = agg.find(d, p, 0);
            c->suppressed ? ++withheld : (published += c->count, 0);
        }
        const auto b = agg.find(1, p, 0);
        b_estimate += b->suppressed ? (agg.find(-1, p, 0)->count - published) / withheld : b->count;
    }
    EXPECT_DOUBLE_EQ(pub.result->raw[1], b_estimate / 3.0);  // per 1,000 of 3,000 in one year
    EXPECT_TRUE(std::isnan(pub.result->ratio_low[1]));      // no exact interval for an estimate
    EXPECT_NE(pub.result->raw[1], 1.0);

    // 2024H2 only: half a year. Counts A 6, B 3: 9 / (4000 × 0.5) = 4.5 per 1,000; A 12 per 1,000.
    IndicatorOptions h2 = internal;
    h2.period = "2024H2";
    auto half = evaluate_indicator(indicator("vald", RawForm::rate, "agg"), src, layer, pop, h2);
    ASSERT_TRUE(half.result);
    EXPECT_DOUBLE_EQ(half.result->municipal, 4.5);
    EXPECT_DOUBLE_EQ(half.result->raw[0], 12.0);
    EXPECT_DOUBLE_EQ(half.result->raw[1], 2.0);
}

TEST(IndicatorEvaluation, CrimeRateErrors)
{
    const auto agg = register_aggregate();
    IndicatorSource src;
    src.aggregate = &agg;
    const auto layer = three_districts();
    const std::vector<double> pop(3, missing);
    try {
        evaluate_indicator(indicator("stold", RawForm::rate, "agg"), src, layer, pop, {});
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), "indicator 'ind': crime group 'stold' not in 'agg' (the groups are: vald)");
    }
    EXPECT_THROW(evaluate_indicator(indicator("vald", RawForm::value, "agg"), src, layer, pop, {}), core::InputError);
    IndicatorOptions o;
    o.period = "2023";
    EXPECT_THROW(evaluate_indicator(indicator("vald", RawForm::rate, "agg"), src, layer, pop, o), core::InputError);
}

TEST(IndicatorEvaluation, WithheldValuesAreMissingToThePublishedIndex)
{
    IndicatorResult r;
    r.def = indicator("x", RawForm::rate);
    r.def.weight = 2.5;
    r.def.direction = Direction::protective;
    r.raw = {1.0, 2.0, 3.0};
    r.suppressed = {0, 1, 0};
    const auto published = index_values({r}, 3, false);
    ASSERT_EQ(published.size(), 1u);
    EXPECT_EQ(published[0].goal, 2);
    EXPECT_EQ(published[0].direction, Direction::protective);
    EXPECT_DOUBLE_EQ(published[0].weight, 2.5);
    EXPECT_DOUBLE_EQ(published[0].raw[0], 1.0);
    EXPECT_TRUE(std::isnan(published[0].raw[1]));
    EXPECT_DOUBLE_EQ(published[0].raw[2], 3.0);
    EXPECT_EQ(index_values({r}, 3, true)[0].raw, r.raw);  // internal: nothing withheld
}
