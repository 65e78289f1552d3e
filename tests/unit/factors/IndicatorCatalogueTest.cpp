// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/factors/indicator_catalogue.hpp>
#include <trygg/io/catalogue_reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace trygg::factors;

TEST(IndicatorCatalogue, ShippedCatalogueCoversTheFiveSpatialGoals)
{
    auto cat = indicator_catalogue_from_rows(
        trygg::io::read_catalogue(TRYGG_SOURCE_DIR "/geodata/catalog/indikatorer.csv", trygg::io::RowWidth::may_differ));
    std::set<int> goals;
    std::map<std::string, const Indicator*> by_id;
    for (const auto& i : cat.indicators) {
        goals.insert(i.goal);
        by_id[i.id] = &i;
    }
    EXPECT_EQ(goals, (std::set<int>{1, 2, 3, 4, 5}));
    ASSERT_TRUE(by_id.count("sysselsattningsgrad"));
    EXPECT_EQ(by_id["sysselsattningsgrad"]->direction, Direction::protective);
    EXPECT_EQ(by_id["sysselsattningsgrad"]->form, RawForm::ratio);
    EXPECT_EQ(by_id["sysselsattningsgrad"]->field, "antal sysselsatta/antal totalt");
    ASSERT_TRUE(by_id.count("vald"));
    EXPECT_EQ(by_id["vald"]->direction, Direction::risk);
    EXPECT_EQ(by_id["vald"]->form, RawForm::rate);
    EXPECT_EQ(by_id["vald"]->goal, 5);
}

TEST(IndicatorCatalogue, BadCellNamesFileLineAndField)
{
    auto path = std::filesystem::temp_directory_path() / "trygg_bad_catalogue.csv";
    {
        std::ofstream f(path);
        f << "id,mal,namn_sv,riktning,kalla,falt,normalisering,vikt\n"
          << "a,1,A,risk,t,x,varde,1\n"
          << "b,1,B,uppåt,t,x,varde,1\n";
    }
    try {
        indicator_catalogue_from_rows(trygg::io::read_catalogue(path.string(), trygg::io::RowWidth::may_differ));
        FAIL() << "expected an InputError";
    } catch (const trygg::core::InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("line 3"), std::string::npos) << m;
        EXPECT_NE(m.find("riktning"), std::string::npos) << m;
    }
    std::filesystem::remove(path);
}

TEST(IndicatorCatalogue, FromHandMadeRows)
{
    trygg::core::RecordRows rows;
    rows.source = "hand.csv";
    rows.fields = {"id", "mal", "namn_sv", "riktning", "kalla", "falt", "normalisering", "vikt"};
    rows.rows = {{"a", "2", "A", "skydd", "t", "x/y", "kvot", "1,5"}, {"b", "5", "B", "risk", "agg", "vald", "brott_per_1000", "2"}};
    rows.lines = {2, 4};
    rows.problems = {"", ""};
    auto cat = indicator_catalogue_from_rows(rows);
    EXPECT_EQ(cat.source, "hand.csv");
    ASSERT_EQ(cat.indicators.size(), 2u);
    EXPECT_EQ(cat.indicators[0].goal, 2);
    EXPECT_EQ(cat.indicators[0].direction, Direction::protective);
    EXPECT_EQ(cat.indicators[0].form, RawForm::ratio);
    EXPECT_DOUBLE_EQ(cat.indicators[0].weight, 1.5);
    EXPECT_EQ(cat.indicators[1].line, 4u);
    EXPECT_EQ(cat.indicators[1].form, RawForm::rate);
    rows.rows[1][0] = "a";
    try {
        indicator_catalogue_from_rows(rows);
        FAIL() << "expected an InputError";
    } catch (const trygg::core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), "indicator catalogue 'hand.csv' line 4: field 'id': 'a' is not unique");
    }
    rows.fields.clear();
    rows.rows.clear();
    EXPECT_THROW(indicator_catalogue_from_rows(rows), trygg::core::InputError);
}

TEST(IndicatorCatalogue, WeightRangeAndBaseAreOptional)
{
    trygg::core::RecordRows rows;
    rows.source = "range.csv";
    rows.fields = {"id", "mal", "namn_sv", "riktning", "kalla", "falt", "normalisering", "vikt", "vikt_min",
                   "vikt_max", "bas"};
    rows.rows = {{"a", "1", "A", "skydd", "t", "x", "varde", "1", "0.5", "2", "svarande"},
                 {"b", "1", "B", "risk", "t", "y", "varde", "1", "", "", ""}};
    rows.lines = {2, 3};
    rows.problems = {"", ""};
    auto cat = indicator_catalogue_from_rows(rows);
    EXPECT_DOUBLE_EQ(cat.indicators[0].weight_min, 0.5);
    EXPECT_DOUBLE_EQ(cat.indicators[0].weight_max, 2.0);
    EXPECT_EQ(cat.indicators[0].base_field, "svarande");
    // Without a range the weight is fixed.
    EXPECT_DOUBLE_EQ(cat.indicators[1].weight_min, 1.0);
    EXPECT_DOUBLE_EQ(cat.indicators[1].weight_max, 1.0);
    EXPECT_EQ(cat.indicators[1].base_field, "");
    rows.rows[1][8] = "1.5";  // vikt_min above vikt
    try {
        indicator_catalogue_from_rows(rows);
        FAIL() << "expected an InputError";
    } catch (const trygg::core::InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("line 3"), std::string::npos) << m;
        EXPECT_NE(m.find("vikt_min"), std::string::npos) << m;
    }
}
