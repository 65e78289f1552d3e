// SPDX-License-Identifier: MIT
// write.gpkg: which tables a run publishes, the manifest beside the GeoPackage, and the
// atomic write: temporaries are renamed into place only when everything is written, so a
// failed write leaves the previous output as it was and no temporary behind.
#include "stage_test_support.hpp"

#include <trygg/core/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace trygg;
using namespace trygg::stage_test;
using nlohmann::json;

namespace {

const char* const incidents_csv =
    "id,datum,x,y\n"
    "a,2024-01-05,500050,6600050\n"
    "b,2024-02-05,500150,6600050\n"
    "c,2024-03-05,500900,6600900\n";  // outside the squares

json write_pipeline(const TempDir& dir, const std::string& privacy = "internal")
{
    return {{"privacy", privacy},
            {"pipeline",
             {read_squares(write_squares(dir / "rutor.geojson")),
              {{"type", "read.incidents"}, {"path", write_file(dir / "inc.csv", incidents_csv).string()},
               {"crs", "EPSG:3006"}, {"fields", {{"id", "id"}, {"time", "datum"}, {"x", "x"}, {"y", "y"}}}},
              {{"type", "assign"}},
              {{"type", "aggregate"}, {"period", "year"}},
              {{"type", "write.gpkg"}, {"path", (dir / "ut" / "ut.gpkg").string()}}}}};
}

std::set<std::string> files_in(const std::filesystem::path& dir)
{
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.insert(e.path().filename().string());
    return out;
}

}  // namespace

TEST(WriteGpkgStage, WritesEveryTableOfTheRunAndTheManifestBesideIt)
{
    TempDir dir;
    run(write_pipeline(dir), dir.path());
    const auto gpkg = dir / "ut" / "ut.gpkg";  // the output folder is created
    const auto tables = column(gpkg, "select table_name from gpkg_contents order by table_name");
    EXPECT_EQ(tables, (std::vector<std::string>{"delomraden", "incident_counts", "incidents", "layer_styles",
                                                "perioder", "rejects", "run_manifest"}));
    EXPECT_EQ(column(gpkg, "select data_type from gpkg_contents where table_name='delomraden'"),
              std::vector<std::string>{"features"});
    EXPECT_EQ(column(gpkg, "select count(*) from delomraden"), std::vector<std::string>{"4"});
    EXPECT_EQ(column(gpkg, "select id from rejects"), std::vector<std::string>{"c"});
    // Only the GeoPackage and its manifest: no temporaries are left behind.
    EXPECT_EQ(files_in(dir / "ut"), (std::set<std::string>{"ut.gpkg", "ut.manifest.json"}));
    // The manifest file and the run_manifest table say the same.
    auto file = json::parse(read_file(dir / "ut" / "ut.manifest.json"));
    auto in_table = column(gpkg, "select value from run_manifest where key='accounting'");
    ASSERT_EQ(in_table.size(), 1u);
    EXPECT_EQ(json::parse(in_table[0]), file["accounting"]);
    EXPECT_EQ(file["accounting"][0]["rows"], 3);
    EXPECT_EQ(file["accounting"][0]["used"], 2);
    EXPECT_EQ(file["settings"]["privacy"], "internal");
}

TEST(WriteGpkgStage, PublishedOutputLeavesOutTheIncidentPoints)
{
    TempDir dir;
    run(write_pipeline(dir, "publish"), dir.path());
    const auto tables = column(dir / "ut" / "ut.gpkg", "select table_name from gpkg_contents order by table_name");
    EXPECT_EQ(std::count(tables.begin(), tables.end(), "incidents"), 0);
    EXPECT_EQ(std::count(tables.begin(), tables.end(), "incident_counts"), 1);
}

TEST(WriteGpkgStage, AFailedWriteLeavesThePreviousOutputAndNoTemporaries)
{
    TempDir dir;
    run(write_pipeline(dir), dir.path());
    const auto gpkg = dir / "ut" / "ut.gpkg";
    const auto before = read_file(gpkg);
    ASSERT_FALSE(before.empty());
    // A non-empty folder where the manifest must go: everything is written, then the move of
    // the manifest into place fails, so nothing may be replaced.
    std::filesystem::remove(dir / "ut" / "ut.manifest.json");
    std::filesystem::create_directories(dir / "ut" / "ut.manifest.json" / "hinder");
    try {
        run(write_pipeline(dir), dir.path());
        FAIL() << "expected an output error";
    } catch (const core::OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("ut.manifest.json"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(gpkg), before);
    EXPECT_EQ(files_in(dir / "ut"), (std::set<std::string>{"ut.gpkg", "ut.manifest.json"}));
}

TEST(WriteGpkgStage, TemporariesOfADeadRunAreRemovedByTheNextWrite)
{
    TempDir dir;
    std::filesystem::create_directories(dir / "ut");
    // Named like the writer's temporaries (".<final name>.tmp-<pid>") of a process that is gone.
    write_file(dir / "ut" / ".ut.gpkg.tmp-999999999", "half a GeoPackage");
    write_file(dir / "ut" / ".ut.gpkg.tmp-999999999-journal", "journal");
    write_file(dir / "ut" / "notes.tmp-1.txt", "not a temporary: kept");
    run(write_pipeline(dir), dir.path());
    EXPECT_EQ(files_in(dir / "ut"), (std::set<std::string>{"notes.tmp-1.txt", "ut.gpkg", "ut.manifest.json"}));
}

// Engine bugs found while writing these tests (reported for issue 13's publication work).
//
// 1. Side files were renamed into place one by one, the manifest first, so when a later rename
//    failed the new manifest already sat beside the previous GeoPackage and rasters. The writer
//    now moves a publication into place all or nothing (io/move_into_place).
TEST(WriteGpkgStage, AFailedRenameOfASideFileLeavesThePreviousManifest)
{
    TempDir dir;
    write_file(dir / "kat.csv", "pattern,kind,groups,description\nS1,code,tillgrepp,stöld\n");
    const std::string csv = "id,datum,kod,x,y\na,2024-01-05,S1,500050,6600050\nb,2024-02-05,S1,500150,6600050\n";
    auto doc = write_pipeline(dir);
    auto& stages = doc["pipeline"];
    stages[1]["path"] = write_file(dir / "inc2.csv", csv).string();
    stages[1]["fields"]["category"] = "kod";
    stages[1]["catalogue"] = (dir / "kat.csv").string();
    stages.insert(stages.end() - 1, json{{"type", "kde"}, {"inputs", {"assign"}}, {"radius", 100}, {"pixel_size", 25}});
    run(doc, dir.path());
    const auto manifest_before = read_file(dir / "ut" / "ut.manifest.json");
    std::filesystem::path tif;
    for (const auto& e : std::filesystem::directory_iterator(dir / "ut"))
        if (e.path().extension() == ".tif")
            tif = e.path();
    ASSERT_FALSE(tif.empty());
    std::filesystem::remove(tif);
    std::filesystem::create_directories(tif / "hinder");
    write_file(dir / "inc2.csv", csv + "c,2024-03-05,S1,500050,6600150\n");  // a different run
    EXPECT_THROW(run(doc, dir.path()), core::OutputError);
    EXPECT_TRUE(read_file(dir / "ut" / "ut.manifest.json") == manifest_before) << "the manifest was replaced";
}

// 2. Incidents without a category mapping have the one group "alla"; kde made a second
//    surface for the all-groups selection with the same file name, and the run failed with
//    "cannot move into place" when the second rename found no temporary.
TEST(WriteGpkgStage, KdeOnIncidentsWithoutCategoriesWritesEachRasterOnce)
{
    TempDir dir;
    auto doc = write_pipeline(dir);
    auto& stages = doc["pipeline"];
    stages.insert(stages.end() - 1, json{{"type", "kde"}, {"inputs", {"assign"}}, {"radius", 100}, {"pixel_size", 25}});
    EXPECT_NO_THROW(run(doc, dir.path()));
    EXPECT_TRUE(std::filesystem::exists(dir / "ut" / "ut.gpkg"));
    std::size_t tifs = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir / "ut"))
        tifs += e.path().extension() == ".tif";
    EXPECT_EQ(tifs, 1u);  // one surface: the group "alla" is the all-groups selection
}
