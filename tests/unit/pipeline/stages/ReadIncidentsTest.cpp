// SPDX-License-Identifier: MIT
// read.incidents: field mapping, crime groups from a catalogue, location by x/y, lon/lat or
// area code, the study period, Windows-1252 input, and a reason for every row it does not
// keep. Hand-made CSV; the expected bucket of each row is written beside it.
#include "stage_test_support.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace trygg;
using namespace trygg::stage_test;
using nlohmann::json;

namespace {

// Semicolon-separated and Windows-1252 encoded: \xC5 is Å, \x80 is €.
const std::string incidents_cp1252 =
    "id;datum;brottskod;x;y;lon;lat;omrade;adress\n"
    "\xC5sa\x80;2024-01-05;S1;500050;6600050;;;;\n"   // 2: located in SW, theft
    "b2;inte ett datum;S1;500050;6600050;;;;\n"        // 3: rejected: time
    "b3;2024-01-05;S1;abc;6600050;;;;\n"               // 4: rejected: x is no number
    "b4;2024-01-05;S1;;;200;59;;\n"                    // 5: rejected: longitude out of range
    "b5;2019-12-31;S1;500050;6600050;;;;\n"            // 6: outside: before 'from'
    "b6;2024-01-05;V1;;;;;NE;\n"                       // 7: area code NE, violence
    "b7;2024-01-05;XX;500150;6600050;;;;\n"            // 8: located in SE, not in the catalogue
    "b8;2024-01-05;S1;;;;;;Storgatan 1\n"              // 9: only an address: not located
    "b9;2025-01-01;S1;500050;6600050;;;;\n"            // 10: outside: after 'to'
    "b10;2024-01-05;S1;;;16.5;59.6;;\n";               // 11: lon/lat far from the squares: outside

json read_pipeline(const TempDir& dir)
{
    return {{"privacy", "internal"},
            {"pipeline",
             {read_squares(write_squares(dir / "rutor.geojson")),
              {{"type", "read.incidents"}, {"path", write_file(dir / "inc.csv", incidents_cp1252).string()},
               {"crs", "EPSG:3006"}, {"catalogue", write_file(dir / "kat.csv", catalogue_csv).string()},
               {"from", "2020-01-01"}, {"to", "2024-12-31"},
               {"fields",
                {{"id", "id"}, {"time", "datum"}, {"category", "brottskod"}, {"x", "x"}, {"y", "y"},
                 {"lon", "lon"}, {"lat", "lat"}, {"area_code", "omrade"}, {"address", "adress"}}}},
              {{"type", "assign"}},
              {{"type", "write.gpkg"}, {"path", (dir / "ut.gpkg").string()}}}}};
}

}  // namespace

TEST(ReadIncidentsStage, KeptRowsCarryTheirIdLineDistrictAndCrimeGroups)
{
    TempDir dir;
    run(read_pipeline(dir), dir.path());
    // The incidents layer holds points: b6 (area code NE) is used (accounting test) but not drawn.
    const std::vector<std::vector<std::string>> expected{{"Åsa€", "2", "SW", "tillgrepp"}, {"b7", "8", "SE", "ovrigt"}};
    EXPECT_EQ(query(dir / "ut.gpkg", "select id, rad, kod, grupper from incidents order by rad"), expected);
}

TEST(ReadIncidentsStage, EveryOtherRowIsListedWithBucketFieldAndReason)
{
    TempDir dir;
    run(read_pipeline(dir), dir.path());
    auto rows = query(dir / "ut.gpkg", "select rad, id, utfall, falt, orsak from rejects order by rad");
    std::map<std::string, std::vector<std::string>> by_id;
    for (auto& r : rows)
        by_id[r[1]] = r;
    ASSERT_EQ(rows.size(), 7u);
    EXPECT_EQ(by_id["b2"][2], "rejected");
    EXPECT_EQ(by_id["b2"][3], "datum");
    EXPECT_FALSE(by_id["b2"][4].empty());
    EXPECT_EQ(by_id["b3"], (std::vector<std::string>{"4", "b3", "rejected", "x", "not a number: 'abc'"}));
    EXPECT_EQ(by_id["b4"], (std::vector<std::string>{"5", "b4", "rejected", "lon", "longitude/latitude out of range"}));
    EXPECT_EQ(by_id["b5"],
              (std::vector<std::string>{"6", "b5", "outside", "datum", "date '2019-12-31' is outside the study period"}));
    EXPECT_EQ(by_id["b9"][2], "outside");  // 'to' is inclusive: 2025-01-01 is the first day after it
    EXPECT_EQ(by_id["b8"][2], "not_located");
    EXPECT_EQ(by_id["b10"], (std::vector<std::string>{"11", "b10", "outside", "", "located outside every district"}));
}

TEST(ReadIncidentsStage, RowsAreCountedOnceAndBalance)
{
    TempDir dir;
    auto result = run(read_pipeline(dir), dir.path());
    ASSERT_EQ(result.accounting.size(), 1u);
    const auto& a = result.accounting[0];
    EXPECT_EQ(a.rows, 10u);
    EXPECT_EQ(a.used, 3u);         // Åsa€, b6, b7
    EXPECT_EQ(a.outside, 3u);      // b5, b9 (study period), b10 (no district)
    EXPECT_EQ(a.not_located, 1u);  // b8
    EXPECT_EQ(a.rejected, 3u);     // b2, b3, b4
    EXPECT_TRUE(a.balanced());
}

TEST(ReadIncidentsStage, UnknownColumnIsAnErrorNamingTheFieldAndFile)
{
    TempDir dir;
    auto doc = read_pipeline(dir);
    doc["pipeline"][1]["fields"]["time"] = "tidpunkt";
    try {
        run(doc, dir.path());
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("tidpunkt"), std::string::npos) << what;
        EXPECT_NE(what.find("inc.csv"), std::string::npos) << what;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "ut.gpkg"));
}
