// SPDX-License-Identifier: MIT
// The publication joins what each writer input owns: district-keyed columns onto the table of
// the layer they were computed on, shared row tables appended, and two claims on one column or
// table refused with a message naming both inputs.
#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/stage.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

using namespace trygg;
using pipeline::Contribution;
using pipeline::DistrictsArtifact;
using pipeline::Publication;

namespace {

std::shared_ptr<DistrictsArtifact> districts(const std::string& layer_name, std::vector<std::string> codes)
{
    auto d = std::make_shared<DistrictsArtifact>();
    d->layer.layer = layer_name;
    d->layer.crs = "EPSG:3006";
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const double x = static_cast<double>(i);
        d->layer.polygons.push_back({{{{x, 0}, {x + 1, 0}, {x + 1, 1}, {x, 1}, {x, 0}}}});
        d->layer.names.push_back("district " + codes[i]);
        d->layer.area_km2.push_back(1e-6);
    }
    d->layer.codes = std::move(codes);
    return d;
}

// An artifact computed on one district layer: publishes one column per name.
struct OnDistricts : pipeline::Artifact {
    std::shared_ptr<const DistrictsArtifact> on;
    std::vector<std::string> names;
    std::string kind() const override { return "test"; }
    void publish(Contribution& out, const pipeline::RunSettings&) const override
    {
        std::vector<io::Column> columns;
        for (const auto& n : names)
            columns.push_back({n, std::vector<double>(on->layer.size(), 1.0)});
        out.district_columns(*on, std::move(columns));
    }
};

Publication make_publication(const DistrictsArtifact* primary)
{
    return Publication("write.gpkg", [primary](const DistrictsArtifact& d) {
        return &d == primary ? std::string("delomraden") : "omraden_" + d.layer.layer;
    });
}

std::vector<std::string> column_names(const io::FeatureTable& t)
{
    std::vector<std::string> out;
    for (const auto& c : t.columns())
        out.push_back(c.name);
    return out;
}

}  // namespace

TEST(Publication, ColumnsLandOnTheLayerTheyWereComputedOn)
{
    const pipeline::RunSettings settings;
    auto main = districts("delomraden", {"A", "B", "C"});
    auto deso = districts("deso", {"X", "Y"});
    OnDistricts on_main, on_deso;
    on_main.on = main;
    on_main.names = {"gistar_z"};
    on_deso.on = deso;
    on_deso.names = {"gistar_2_z", "neighbours"};
    auto publication = make_publication(main.get());
    auto part = publication.contribution("districts");
    main->publish(part, settings);
    auto part2 = publication.contribution("gistar_2");
    on_deso.publish(part2, settings);  // the second layer before its read stage: created at first use
    auto part3 = publication.contribution("gistar");
    on_main.publish(part3, settings);

    ASSERT_EQ(publication.tables().size(), 2u);
    const auto* d = publication.find("delomraden");
    const auto* o = publication.find("omraden_deso");
    ASSERT_TRUE(d && o);
    EXPECT_EQ(column_names(d->table), (std::vector<std::string>{"kod", "namn", "area_km2", "gistar_z"}));
    EXPECT_EQ(column_names(o->table), (std::vector<std::string>{"kod", "namn", "area_km2", "gistar_2_z", "neighbours"}));
    EXPECT_EQ(o->table.polygons.size(), 2u);
    EXPECT_EQ(d->claims.back(), "gistar");
    EXPECT_EQ(o->claims[3], "gistar_2");
    EXPECT_EQ(publication.find_districts(*deso), o);
}

TEST(Publication, TwoClaimsOnOneColumnNameBoth)
{
    const pipeline::RunSettings settings;
    auto main = districts("delomraden", {"A", "B"});
    OnDistricts a, b;
    a.on = b.on = main;
    a.names = {"gistar_g", "gistar_z"};
    b.names = {"gistar_g"};
    auto publication = make_publication(main.get());
    auto part = publication.contribution("gistar");
    a.publish(part, settings);
    auto second = publication.contribution("gistar#2");
    try {
        b.publish(second, settings);
        FAIL() << "expected a claim error";
    } catch (const core::PipelineError& e) {
        EXPECT_STREQ(e.what(), "write.gpkg: column 'gistar_g' of table 'delomraden' is claimed by both 'gistar' and "
                               "'gistar#2'");
    }
    // A district layer's own columns are claimed too.
    OnDistricts c;
    c.on = main;
    c.names = {"namn"};
    auto third = publication.contribution("smooth");
    EXPECT_THROW(c.publish(third, settings), core::PipelineError);
}

TEST(Publication, TablesAreOwnedByOneInputAndRowTablesShared)
{
    auto publication = make_publication(nullptr);
    auto first = publication.contribution("grid_hotspots");
    first.table("hotspots_grid", io::GeometryKind::multipolygon);
    auto second = publication.contribution("grid_hotspots#2");
    try {
        second.table("hotspots_grid", io::GeometryKind::multipolygon);
        FAIL() << "expected a claim error";
    } catch (const core::PipelineError& e) {
        EXPECT_STREQ(e.what(),
                     "write.gpkg: table 'hotspots_grid' is claimed by both 'grid_hotspots' and 'grid_hotspots#2'");
    }

    // Rows appended by two inputs; a column only the second has is null for the first's rows.
    io::FeatureTable a("kde_rasters", io::GeometryKind::none), b("kde_rasters", io::GeometryKind::none);
    a.add_text("fil", {"kde_vald.tif", "kde_narkotika.tif"});
    a.add_real("max", {1.5, 2.5});
    b.add_text("fil", {"kde_b_vald.tif"});
    b.add_real("max", {3.5});
    b.add_integer("extra", {7});
    auto kde = publication.contribution("kde");
    kde.append_rows("kde_rasters", a, "rasters");
    auto kde_b = publication.contribution("kde_b");
    kde_b.append_rows("kde_rasters", b, "rasters");
    const auto* t = publication.find("kde_rasters");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->table.row_count(), 3u);
    const auto& files = std::get<std::vector<std::optional<std::string>>>(t->table.find("fil")->values);
    EXPECT_EQ(files[2], "kde_b_vald.tif");
    const auto& extra = std::get<std::vector<std::optional<std::int64_t>>>(t->table.find("extra")->values);
    ASSERT_EQ(extra.size(), 3u);
    EXPECT_FALSE(extra[0].has_value());
    EXPECT_EQ(extra[2], 7);
    // A table one input owns cannot be extended by rows of another.
    EXPECT_THROW(kde_b.append_rows("hotspots_grid", b, ""), core::PipelineError);
}

TEST(Publication, RejectsAreMarkedRecordLevelAndTheManifestComesLast)
{
    auto d = districts("delomraden", {"A"});
    auto incidents = std::make_shared<pipeline::IncidentsArtifact>();
    incidents->table.source = "in.csv";
    auto assigned = std::make_shared<pipeline::AssignedArtifact>();
    assigned->incidents = incidents;
    assigned->districts = d;
    assigned->rejects = core::RejectList(nullptr, std::vector<core::Reject>(1));
    auto publication = make_publication(d.get());
    auto part = publication.contribution("assign");
    assigned->publish(part, pipeline::RunSettings{});
    ASSERT_NE(publication.find("rejects"), nullptr);
    EXPECT_EQ(publication.find("rejects")->audience, pipeline::Audience::record_level);
    EXPECT_EQ(publication.find("rejects")->table.row_count(), 1u);

    pipeline::Manifest manifest;
    auto section = publication.contribution("kde");
    section.manifest_section("kde")["kde"] = {{"pixel_size", 25}};
    publication.assemble_manifest(manifest, "out/x.gpkg");
    EXPECT_EQ(publication.tables().back().table.name(), "run_manifest");
    ASSERT_EQ(publication.side_files().size(), 1u);
    EXPECT_EQ(publication.side_files().back().final_name, "x.manifest.json");
    const auto json = manifest.to_json();
    EXPECT_EQ(json["kde"]["kde"]["pixel_size"], 25);
    EXPECT_EQ(json["outputs"][0]["path"], "out/x.gpkg");
}

namespace {
std::string file_bytes(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST(Publication, PublishedRunsWriteRecordLevelTablesAndTheFullLogToTheInternalFileOnly)
{
    auto d = districts("delomraden", {"A"});
    auto incidents = std::make_shared<pipeline::IncidentsArtifact>();
    incidents->table.source = "in.csv";
    auto assigned = std::make_shared<pipeline::AssignedArtifact>();
    assigned->incidents = incidents;
    assigned->districts = d;
    assigned->rejects = core::RejectList(
        nullptr, {{1360, "E001359", "rejected", "datum", "impossible date '2023-02-30 21:15'", "impossible date"}});
    auto publication = make_publication(d.get());
    publication.separate_record_level(true);
    auto part = publication.contribution("assign");
    assigned->publish(part, pipeline::RunSettings{});

    pipeline::Manifest manifest;
    manifest.set_published(true);
    manifest.record_message(true, "incidents", "1 of 9 rows rejected; first: row 1360: impossible date '2023-02-30 21:15'",
                            "1 of 9 rows rejected");
    manifest.record_message(false, "assign", "8 incidents assigned", "8 incidents assigned");
    const auto dir = std::filesystem::temp_directory_path() /
                     ("trygg_publication_internal_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    publication.assemble_manifest(manifest, dir / "x.gpkg");
    const auto json = manifest.to_json();
    EXPECT_EQ(json["warnings"], nlohmann::json::array({"incidents: 1 of 9 rows rejected"}));
    ASSERT_EQ(manifest.log().size(), 2u);
    EXPECT_NE(manifest.log()[0].text.find("row 1360"), std::string::npos);
    bool listed = false;
    for (const auto& o : json["outputs"])
        listed = listed || o["path"] == (dir / "x.internal.gpkg").string();
    EXPECT_TRUE(listed);

    const auto written = publication.write_geopackage(dir / "x.gpkg");
    const auto published = file_bytes(dir / "x.gpkg") + file_bytes(dir / "x.manifest.json");
    const auto internal = file_bytes(dir / "x.internal.gpkg");
    for (const std::string needle : {"E001359", "2023-02-30", "row 1360"}) {
        EXPECT_EQ(published.find(needle), std::string::npos) << needle;
        EXPECT_NE(internal.find(needle), std::string::npos) << needle;
    }
    EXPECT_NE(published.find("avvisade"), std::string::npos);
    EXPECT_NE(published.find("impossible date"), std::string::npos);  // the category, counted
    std::filesystem::remove_all(dir);
}

TEST(Publication, InternalRunsKeepEverythingInOneFile)
{
    auto d = districts("delomraden", {"A"});
    auto incidents = std::make_shared<pipeline::IncidentsArtifact>();
    auto assigned = std::make_shared<pipeline::AssignedArtifact>();
    assigned->incidents = incidents;
    assigned->districts = d;
    assigned->rejects = core::RejectList(nullptr, {{3, "E1", "rejected", "datum", "empty date", "empty date"}});
    auto publication = make_publication(d.get());
    publication.separate_record_level(false);
    auto part = publication.contribution("assign");
    pipeline::RunSettings settings;
    settings.privacy = pipeline::Privacy::internal;
    assigned->publish(part, settings);
    EXPECT_EQ(publication.find("avvisade"), nullptr);
    pipeline::Manifest manifest;
    manifest.record_message(true, "incidents", "row 3: empty date", "1 row rejected");
    publication.assemble_manifest(manifest, "out/x.gpkg");
    EXPECT_EQ(publication.find("internal_log"), nullptr);
    EXPECT_EQ(manifest.to_json()["warnings"], nlohmann::json::array({"incidents: row 3: empty date"}));
}

namespace {

pipeline::PublishedRaster test_raster(const std::string& file, double origin_x, const std::vector<float>* values,
                                      const std::vector<char>* withheld)
{
    pipeline::PublishedRaster r;
    r.file = file;
    r.raster.origin_x = origin_x;
    r.raster.origin_y = 100;
    r.raster.pixel = 25;
    r.raster.cols = 2;
    r.raster.rows = 2;
    r.raster.crs = "EPSG:3006";
    r.values = values;
    r.withheld = withheld;
    return r;
}

}  // namespace

TEST(Publication, RastersOnOnePixelGridWithholdTheUnionOfTheirMasks)
{
    // Two stages' rasters on one grid withhold pixels 0 and 3; a third on another grid keeps
    // its own mask (no relation between its pixels and theirs).
    const float nd = -9999.0f;
    const std::vector<float> a{nd, 2, 3, 4}, b{5, 6, 7, nd}, c{nd, 1, 1, 1};
    const std::vector<char> ma{1, 0, 0, 0}, mb{0, 0, 0, 1}, mc{1, 0, 0, 0};
    auto pub = make_publication(nullptr);
    auto part = pub.contribution("kde");
    auto part2 = pub.contribution("kde#2");
    std::vector<std::string> told;
    auto ra = test_raster("a.tif", 0, &a, &ma);
    ra.on_joint_mask = [&](Publication&, const std::vector<char>& m) { told.push_back("a" + std::to_string(m[3])); };
    const auto ja = part.raster(std::move(ra));
    const auto jb = part2.raster(test_raster("b.tif", 0, &b, &mb));
    const auto jc = part2.raster(test_raster("c.tif", 50, &c, &mc));
    pub.withhold_rasters_jointly();
    EXPECT_EQ(ja->withheld, (std::vector<char>{1, 0, 0, 1}));
    EXPECT_EQ(jb->withheld, (std::vector<char>{1, 0, 0, 1}));
    EXPECT_TRUE(jc->withheld.empty());
    EXPECT_EQ(told, (std::vector<std::string>{"a1"}));
    std::vector<float> shown = b;
    pipeline::apply_joint_mask(shown, *jb, nd);
    EXPECT_EQ(shown, (std::vector<float>{nd, 6, 7, nd}));
}
