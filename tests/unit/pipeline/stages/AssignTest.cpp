// SPDX-License-Identifier: MIT
// assign: the boundary rule (README, spatial/district_index.hpp), area codes, and the
// accounting of every row, on four hand-made 100 m squares. Expected districts are worked out
// from the rule: a point on a boundary goes where an infinitesimal step east (then north) takes it.
#include "stage_test_support.hpp"

#include <trygg/core/error.hpp>

#include <gtest/gtest.h>

#include <map>

using namespace trygg;
using namespace trygg::stage_test;
using nlohmann::json;

namespace {

// Rows (CSV line in the comment) and where the boundary rule puts them.
const char* const incidents_csv =
    "id,x,y,omrade,adress\n"
    "vert,500100,6600050,,\n"      // 2: on the SW|SE edge -> east: SE
    "horiz,500050,6600100,,\n"     // 3: on the SW/NW edge -> north: NW
    "vertex,500100,6600100,,\n"    // 4: where all four meet -> east, then north: NE
    "west,500000,6600050,,\n"      // 5: outer west edge of SW -> inside
    "east,500200,6600050,,\n"      // 6: outer east edge of SE -> outside
    "south,500050,6600000,,\n"     // 7: outer south edge of SW -> inside
    "north,500050,6600200,,\n"     // 8: outer north edge of NW -> outside
    "inner,500150,6600150,,\n"     // 9: inside NE
    "kod,,,SE,\n"                  // 10: area code SE
    "okand_kod,,,ZZ,\n"            // 11: area code that is no district: outside
    "adress,,,,Storgatan 1\n"      // 12: only an address: not located
    "ingenting,,,,\n";             // 13: nothing: not located

json assign_pipeline(const TempDir& dir, json assign = json::object())
{
    assign["type"] = "assign";
    return {{"privacy", "internal"},
            {"pipeline",
             {read_squares(write_squares(dir / "rutor.geojson")),
              {{"type", "read.incidents"}, {"path", write_file(dir / "inc.csv", incidents_csv).string()},
               {"crs", "EPSG:3006"},
               {"fields", {{"id", "id"}, {"x", "x"}, {"y", "y"}, {"area_code", "omrade"}, {"address", "adress"}}}},
              assign,
              {{"type", "write.gpkg"}, {"path", (dir / "ut.gpkg").string()}}}}};
}

}  // namespace

TEST(AssignStage, BoundaryRuleAndAreaCodesPutEachRowInExactlyOneDistrict)
{
    TempDir dir;
    run(assign_pipeline(dir), dir.path());
    std::map<std::string, std::string> got;
    for (const auto& row : query(dir / "ut.gpkg", "select id, kod from incidents"))
        EXPECT_TRUE(got.emplace(row[0], row[1]).second) << row[0] << " assigned twice";
    // The incidents layer holds points; the area-coded row "kod" is counted (see the accounting
    // test: 7 used) but has no point to draw.
    const std::map<std::string, std::string> expected{{"vert", "SE"}, {"horiz", "NW"}, {"vertex", "NE"},
                                                      {"west", "SW"}, {"south", "SW"}, {"inner", "NE"}};
    EXPECT_EQ(got, expected);
}

TEST(AssignStage, RejectsListEveryUnusedRowInFileOrderWithItsReason)
{
    TempDir dir;
    run(assign_pipeline(dir), dir.path());
    const std::vector<std::vector<std::string>> expected{
        {"6", "east", "outside", "located outside every district"},
        {"8", "north", "outside", "located outside every district"},
        {"11", "okand_kod", "outside", "area code 'ZZ' is not a district code"},
        {"12", "adress", "not_located", "only an address (not geocoded)"},
        {"13", "ingenting", "not_located", "no location (no x/y, lon/lat, area code or address)"}};
    EXPECT_EQ(query(dir / "ut.gpkg", "select rad, id, utfall, orsak from rejects order by fid"), expected);
}

TEST(AssignStage, AccountingAddsUpOverUsedOutsideAndNotLocated)
{
    TempDir dir;
    auto result = run(assign_pipeline(dir), dir.path());
    ASSERT_EQ(result.accounting.size(), 1u);
    const auto& a = result.accounting[0];
    EXPECT_EQ(a.rows, 12u);
    EXPECT_EQ(a.used, 7u);
    EXPECT_EQ(a.outside, 3u);
    EXPECT_EQ(a.not_located, 2u);
    EXPECT_EQ(a.rejected, 0u);
    EXPECT_TRUE(a.balanced());
}

TEST(AssignStage, TooManyPointsOrCodesOutsideFailsNamingTheShare)
{
    // 2 of 8 located points (25%) are outside: over a limit of 20% the run stops.
    TempDir dir;
    try {
        run(assign_pipeline(dir, {{"max_outside_share", 0.2}}), dir.path());
        FAIL() << "expected a data error";
    } catch (const core::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("2 of 8 located incidents (25%)"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "ut.gpkg"));
    // 1 of 2 area-coded rows (50%) has a code that is no district: over 30% the run stops too.
    TempDir dir2;
    EXPECT_THROW(run(assign_pipeline(dir2, {{"max_outside_share", 0.3}}), dir2.path()), core::DataError);
    // At 50% both shares are at the limit, not over it: the run passes.
    TempDir dir3;
    EXPECT_NO_THROW(run(assign_pipeline(dir3, {{"max_outside_share", 0.5}}), dir3.path()));
}
