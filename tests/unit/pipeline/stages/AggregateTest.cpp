// SPDX-License-Identifier: MIT
// aggregate: counts, rates, change, sex and age bands, and (published) primary and secondary
// suppression, on hand-made incidents in four 100 m squares (0.01 km² each). Expected numbers
// are counted by hand from the rows below.
#include "stage_test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

using namespace trygg;
using namespace trygg::stage_test;
using nlohmann::json;

namespace {

const char* const population_csv = "kod,befolkning\nSW,1000\nSE,2000\nNW,500\nNE,4000\n";

// Centres of the squares.
const std::map<std::string, std::pair<int, int>> centre{
    {"SW", {500050, 6600050}}, {"SE", {500150, 6600050}}, {"NW", {500050, 6600150}}, {"NE", {500150, 6600150}}};

struct Row {
    std::string district, date, code, sex, age;
    int times = 1;
};

std::string incidents_csv(const std::vector<Row>& rows)
{
    std::string csv = "id,datum,brottskod,x,y,kon,alder\n";
    int id = 0;
    for (const auto& r : rows)
        for (int k = 0; k < r.times; ++k) {
            const auto [x, y] = centre.at(r.district);
            csv += std::to_string(++id) + "," + r.date + "," + r.code + "," + std::to_string(x) + "," +
                   std::to_string(y) + "," + r.sex + "," + r.age + "\n";
        }
    return csv;
}

json aggregate_pipeline(const TempDir& dir, const std::vector<Row>& rows, const std::string& privacy, json aggregate)
{
    aggregate["type"] = "aggregate";
    aggregate["inputs"] = {"assign", "befolkning"};
    aggregate["population"] = {{"value", "befolkning"}};
    return {{"privacy", privacy},
            {"pipeline",
             {read_squares(write_squares(dir / "rutor.geojson")),
              {{"type", "read.table"}, {"tag", "befolkning"}, {"key", "kod"},
               {"path", write_file(dir / "bef.csv", population_csv).string()}},
              {{"type", "read.incidents"}, {"tag", "incidents"}, {"path", write_file(dir / "inc.csv", incidents_csv(rows)).string()},
               {"crs", "EPSG:3006"}, {"catalogue", write_file(dir / "kat.csv", catalogue_csv).string()},
               {"fields",
                {{"id", "id"}, {"time", "datum"}, {"category", "brottskod"}, {"x", "x"}, {"y", "y"}, {"sex", "kon"},
                 {"age", "alder"}}}},
              {{"type", "assign"}, {"inputs", {"incidents", "districts"}}},
              aggregate,
              {{"type", "write.gpkg"}, {"path", (dir / "ut.gpkg").string()}}}}};
}

// incident_counts rows keyed by (kod, period, grupp, kon, aldersgrupp).
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
std::map<Key, std::vector<std::string>> counts(const std::filesystem::path& gpkg, const std::string& columns)
{
    std::map<Key, std::vector<std::string>> out;
    for (auto& r : query(gpkg, "select kod, period, grupp, kon, aldersgrupp, " + columns + " from incident_counts")) {
        Key k{r[0], r[1], r[2], r[3], r[4]};
        out[k] = std::vector<std::string>(r.begin() + 5, r.end());
    }
    return out;
}

double number(const std::string& s) { return std::stod(s); }

// Two years of theft (S1) and one assault (V1), with sex and age.
const std::vector<Row> two_years{
    {"SW", "2023-02-01", "S1", "man", "17"},         {"SW", "2023-05-01", "S1", "kvinna", "18"},
    {"SE", "2023-06-01", "S1", "man", "30", 5},       {"NE", "2023-07-01", "S1", "kvinna", "70"},
    {"SW", "2024-03-01", "S1", "kvinna", "45", 4},    {"SE", "2024-04-01", "S1", "man", "30", 5},
    {"NW", "2024-05-01", "S1", "man", "", 3},         {"NE", "2024-06-01", "V1", "kvinna", "20"}};

}  // namespace

TEST(AggregateStage, CountsRatesAndChangePerDistrictAndYear)
{
    TempDir dir;
    run(aggregate_pipeline(dir, two_years, "internal", {{"period", "year"}}), dir.path());
    auto c = counts(dir / "ut.gpkg", "antal, befolkning, per_1000, per_km2, forandring, forandring_pct, undertryckt");
    auto at = [&](const std::string& kod, const std::string& period, const std::string& group = "tillgrepp") {
        return c.at({kod, period, group, "alla", "alla"});
    };
    // 2023 theft: SW 2 (of 1,000 people), SE 5 (2,000), NW 0 (500), NE 1 (4,000); total 8 of 7,500.
    EXPECT_EQ(at("SW", "2023")[0], "2");
    EXPECT_DOUBLE_EQ(number(at("SW", "2023")[2]), 2.0);
    EXPECT_NEAR(number(at("SW", "2023")[3]), 200.0, 1e-6);
    EXPECT_EQ(at("SE", "2023")[0], "5");
    EXPECT_DOUBLE_EQ(number(at("SE", "2023")[2]), 2.5);
    EXPECT_EQ(at("NW", "2023")[0], "0");
    EXPECT_DOUBLE_EQ(number(at("NE", "2023")[2]), 0.25);
    EXPECT_EQ(at("totalt", "2023")[0], "8");
    EXPECT_DOUBLE_EQ(number(at("totalt", "2023")[1]), 7500.0);
    // 2024: SW 4 (+2, +100%), SE 5 (0, 0%), NW 3, NE 0 (-1, -100%); total 12 (+4, +50%).
    EXPECT_EQ(at("SW", "2024")[0], "4");
    EXPECT_DOUBLE_EQ(number(at("SW", "2024")[4]), 2.0);
    EXPECT_DOUBLE_EQ(number(at("SW", "2024")[5]), 100.0);
    EXPECT_DOUBLE_EQ(number(at("SE", "2024")[4]), 0.0);
    EXPECT_DOUBLE_EQ(number(at("NE", "2024")[5]), -100.0);
    EXPECT_EQ(at("totalt", "2024")[0], "12");
    EXPECT_DOUBLE_EQ(number(at("totalt", "2024")[5]), 50.0);
    // The assault counts only as violence.
    EXPECT_EQ(at("NE", "2024", "vald")[0], "1");
    EXPECT_EQ(at("NE", "2024")[0], "0");
    // Internal output withholds nothing.
    for (const auto& [k, v] : c)
        EXPECT_EQ(v[6], "0");
}

TEST(AggregateStage, SexAndAgeBands)
{
    TempDir dir;
    run(aggregate_pipeline(dir, two_years, "internal", {{"period", "year"}, {"age_bands", {0, 18, 25, 45, 65}}}),
        dir.path());
    auto c = counts(dir / "ut.gpkg", "antal");
    auto n = [&](const std::string& kod, const std::string& period, const std::string& sex, const std::string& age) {
        return c.at({kod, period, "tillgrepp", sex, age})[0];
    };
    EXPECT_EQ(n("SW", "2023", "man", "0-17"), "1");     // 17 is below 18
    EXPECT_EQ(n("SW", "2023", "kvinna", "18-24"), "1");  // 18 starts the second band
    EXPECT_EQ(n("SW", "2023", "man", "alla"), "1");
    EXPECT_EQ(n("SW", "2023", "alla", "0-17"), "1");
    EXPECT_EQ(n("NE", "2023", "kvinna", "65-"), "1");    // the last band is open
    EXPECT_EQ(n("SW", "2024", "kvinna", "45-64"), "4");  // 45 starts the fourth band
    EXPECT_EQ(n("NW", "2024", "man", "okänd"), "3");     // no age given
    EXPECT_EQ(n("totalt", "2024", "man", "alla"), "8");  // SE 5 + NW 3
}

namespace {

// One year of theft: SW has 2 (a small count), SE 6, NW 7, NE 8; no sex or age given.
const std::vector<Row> one_small{{"SW", "2024-01-10", "S1", "", "", 2},
                                 {"SE", "2024-02-10", "S1", "", "", 6},
                                 {"NW", "2024-03-10", "S1", "", "", 7},
                                 {"NE", "2024-04-10", "S1", "", "", 8}};

}  // namespace

TEST(AggregateStage, PublishedSmallCountsAreWithheldAndCannotBeRecoveredFromTheMargins)
{
    TempDir dir;
    run(aggregate_pipeline(dir, one_small, "publish", {{"period", "year"}, {"suppress_below", 5}}), dir.path());
    auto c = counts(dir / "ut.gpkg", "antal, undertryckt, antal_visning");
    std::map<std::string, int> true_count{{"SW", 2}, {"SE", 6}, {"NW", 7}, {"NE", 8}, {"totalt", 23}};
    std::size_t withheld = 0;
    for (const auto& [k, v] : c) {
        const auto& [kod, period, group, sex, age] = k;
        if (group != "tillgrepp")
            continue;
        // Every count: withheld (no number, '..'), or the true one.
        if (v[1] == "1") {
            ++withheld;
            EXPECT_EQ(v[0], "NULL");
            EXPECT_EQ(v[2], "..");
        } else {
            const bool has = (sex == "alla" || sex == "okänd") && (age == "alla" || age == "okänd");
            EXPECT_EQ(v[0], std::to_string(has ? true_count[kod] : 0)) << kod << " " << sex << " " << age;
        }
    }
    // The four cells holding SW's 2 (alla/okänd sex × alla/okänd age) are withheld.
    for (const char* sex : {"alla", "okänd"})
        for (const char* age : {"alla", "okänd"})
            EXPECT_EQ(c.at({"SW", "2024", "tillgrepp", sex, age})[1], "1") << sex << " " << age;
    // Secondary suppression: the published table is additive (districts sum to totalt, sexes
    // to alla, age bands to alla). A line with exactly one withheld cell would give it away.
    std::map<std::tuple<std::string, std::string, std::string>, int> by_district_line, by_sex_line, by_age_line;
    for (const auto& [k, v] : c) {
        const auto& [kod, period, group, sex, age] = k;
        if (group != "tillgrepp")
            continue;
        const int w = v[1] == "1";
        by_district_line[{sex, age, ""}] += w;
        by_sex_line[{kod, age, ""}] += w;
        by_age_line[{kod, sex, ""}] += w;
    }
    for (auto* lines : {&by_district_line, &by_sex_line, &by_age_line})
        for (const auto& [line, w] : *lines)
            EXPECT_NE(w, 1) << std::get<0>(line) << " " << std::get<1>(line);
    EXPECT_GT(withheld, 4u);  // more than the primary cells
}

TEST(AggregateStage, PublishedLayerShowsTwoDotsForAWithheldDistrict)
{
    TempDir dir;
    run(aggregate_pipeline(dir, one_small, "publish", {{"period", "year"}, {"suppress_below", 5}}), dir.path());
    auto rows = query(dir / "ut.gpkg", "select tillgrepp_antal, tillgrepp_visning from delomraden where kod='SW'");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], "NULL");
    EXPECT_EQ(rows[0][1], "..");
    EXPECT_EQ(column(dir / "ut.gpkg", "select tillgrepp_antal from delomraden where kod='NE'"),
              std::vector<std::string>{"8"});
}

TEST(AggregateStage, SuppressionOffOrInternalWithholdsNothing)
{
    for (const auto& [privacy, below] : {std::pair{"publish", 0}, std::pair{"internal", 5}}) {
        TempDir dir;
        run(aggregate_pipeline(dir, one_small, privacy, {{"period", "year"}, {"suppress_below", below}}), dir.path());
        EXPECT_EQ(column(dir / "ut.gpkg", "select count(*) from incident_counts where undertryckt<>0"),
                  std::vector<std::string>{"0"})
            << privacy;
        EXPECT_EQ(column(dir / "ut.gpkg",
                         "select antal from incident_counts where kod='SW' and grupp='tillgrepp' and kon='alla' "
                         "and aldersgrupp='alla'"),
                  std::vector<std::string>{"2"});
    }
}

TEST(AggregateStage, AFiveIsPublishedAndAFourWithheld)
{
    // The threshold: counts 1..suppress_below-1 are withheld, suppress_below itself is not.
    TempDir dir;
    const std::vector<Row> rows{{"SW", "2024-01-10", "S1", "", "", 5}, {"SE", "2024-02-10", "S1", "", "", 4},
                                {"NW", "2024-03-10", "S1", "", "", 9}, {"NE", "2024-04-10", "S1", "", "", 9}};
    run(aggregate_pipeline(dir, rows, "publish", {{"period", "year"}, {"suppress_below", 5}}), dir.path());
    auto c = counts(dir / "ut.gpkg", "antal, undertryckt");
    EXPECT_EQ(c.at({"SE", "2024", "tillgrepp", "alla", "alla"}), (std::vector<std::string>{"NULL", "1"}));
    // SW (5) is not small; it may still be withheld as SE's partner (the smallest neighbour).
    // NW and NE are never needed: SW alone balances SE against the total.
    EXPECT_EQ(c.at({"NW", "2024", "tillgrepp", "alla", "alla"}), (std::vector<std::string>{"9", "0"}));
}
