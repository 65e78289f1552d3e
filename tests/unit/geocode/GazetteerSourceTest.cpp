// SPDX-License-Identifier: MIT
// Gazetteer sources: Lantmäteriet and OSM presets, an address field parsed, polygons as
// districts, and the cache in the user cache directory (reused, then invalidated when the source
// changes; never written beside the source).
#include <trygg/core/error.hpp>
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocoder.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

using namespace trygg;
using namespace trygg::geocode;

namespace {

void write(const std::filesystem::path& p, const std::string& text)
{
    std::ofstream f(p, std::ios::binary);
    f << text;
}

std::string point_feature(const std::string& props, double x, double y)
{
    return R"({"type":"Feature","properties":)" + props + R"(,"geometry":{"type":"Point","coordinates":[)" +
           std::to_string(x) + "," + std::to_string(y) + "]}}";
}

// Sets an environment variable for the life of the object, then restores it.
struct ScopedEnv {
    std::string name;
    std::optional<std::string> old;
    ScopedEnv(const char* n, const std::string& value) : name(n)
    {
        if (const char* v = std::getenv(n))
            old = v;
        ::setenv(n, value.c_str(), 1);
    }
    ~ScopedEnv()
    {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};

std::size_t files_in(const std::filesystem::path& dir)
{
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++n;
    return n;
}

std::string collection(const std::vector<std::string>& features)
{
    std::string s = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},"features":[)";
    for (std::size_t i = 0; i < features.size(); ++i)
        s += (i ? "," : "") + features[i];
    return s + "]}";
}

}  // namespace

TEST(GeocodeGazetteerSource, LantmaterietPresetFieldNames)
{
    auto dir = test::temp_dir("gaz-lm");
    write(dir / "lm.geojson",
          collection({point_feature(R"({"adressomrade_faststalltnamn":"Vasagatan","adressplatsnummer":"12","bokstavstillagg":"B","postnummer":"722 12","postort":"Västerås"})",
                                    590000, 6610000),
                      point_feature(R"({"adressomrade_faststalltnamn":null,"gardsadressomrade_faststalltnamn":"Berga","adressplatsnummer":"3","bokstavstillagg":null,"postnummer":"72591","postort":"Västerås"})",
                                    591000, 6611000)}));
    Gazetteer g;
    GazetteerSpec spec;
    spec.path = dir / "lm.geojson";
    spec.preset = "lantmateriet";
    spec.cache = false;
    auto rep = load_gazetteer(g, spec, "EPSG:3006");
    EXPECT_EQ(rep.added, 2u);
    Geocoder geocoder(g);
    auto r = geocoder.geocode("Vasagatan 12 B, 722 12 Västerås");
    EXPECT_EQ(r.type, MatchType::exact) << r.reason;
    EXPECT_NEAR(r.point.x, 590000, 1e-6);
    EXPECT_EQ(g.addresses()[0].postcode, "72212");
    auto farm = geocoder.geocode("Berga 3");
    EXPECT_EQ(farm.type, MatchType::exact) << farm.reason;
    std::filesystem::remove_all(dir);
}

TEST(GeocodeGazetteerSource, OsmAddrTagsWithLetterInTheHouseNumber)
{
    auto dir = test::temp_dir("gaz-osm");
    write(dir / "osm.geojson", collection({point_feature(R"({"addr:street":"Stora Gatan","addr:housenumber":"57 A","addr:postcode":"72211","addr:city":"Västerås"})",
                                                         590100, 6610100)}));
    Gazetteer g;
    GazetteerSpec spec;
    spec.path = dir / "osm.geojson";
    spec.preset = "osm";
    spec.cache = false;
    load_gazetteer(g, spec, "EPSG:3006");
    ASSERT_EQ(g.addresses().size(), 1u);
    EXPECT_EQ(g.addresses()[0].number, 57);
    EXPECT_EQ(g.addresses()[0].letter, "A");
    Geocoder geocoder(g);
    EXPECT_EQ(geocoder.geocode("St. Gatan 57A").type, MatchType::exact);
    std::filesystem::remove_all(dir);
}

TEST(GeocodeGazetteerSource, MissingFieldNamesFileAndField)
{
    auto dir = test::temp_dir("gaz-missing");
    write(dir / "x.geojson", collection({point_feature(R"({"namn":"Torget"})", 1, 2)}));
    GazetteerSpec spec;
    spec.path = dir / "x.geojson";
    spec.street = "gata";
    spec.cache = false;
    Gazetteer g;
    try {
        load_gazetteer(g, spec, "EPSG:3006");
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("x.geojson"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("'gata'"), std::string::npos);
    }
    spec.path = dir / "nope.gpkg";
    EXPECT_THROW(load_gazetteer(g, spec, "EPSG:3006"), core::InputError);
    std::filesystem::remove_all(dir);
}

TEST(GeocodeGazetteerSource, CacheIsReusedAndInvalidatedWhenTheSourceChanges)
{
    auto dir = test::temp_dir("gaz-cache");
    auto src = dir / "a.geojson";
    auto xdg = test::temp_dir("gaz-cache-xdg");
    ScopedEnv env("XDG_CACHE_HOME", xdg.string());
    write(src, collection({point_feature(R"({"gatunamn":"Ågatan","nummer":1})", 10, 20)}));
    GazetteerSpec spec;
    spec.path = src;
    {
        Gazetteer g;
        auto rep = load_gazetteer(g, spec, "EPSG:3006");
        EXPECT_FALSE(rep.from_cache);
        EXPECT_EQ(rep.cache_file.parent_path(), xdg / "trygg");  // the user cache directory
        EXPECT_TRUE(std::filesystem::exists(rep.cache_file));
        EXPECT_EQ(files_in(dir), 1u);  // nothing written beside the source
    }
    {
        Gazetteer g;
        auto rep = load_gazetteer(g, spec, "EPSG:3006");
        EXPECT_TRUE(rep.from_cache);
        ASSERT_EQ(g.addresses().size(), 1u);
        EXPECT_EQ(g.addresses()[0].street, "Ågatan");
        EXPECT_DOUBLE_EQ(g.addresses()[0].point.y, 20.0);
    }
    // Same size, new content and time: the cache must not be used.
    write(src, collection({point_feature(R"({"gatunamn":"Ögatan","nummer":1})", 10, 20)}));
    std::filesystem::last_write_time(src, std::filesystem::last_write_time(src) + std::chrono::seconds(5));
    {
        Gazetteer g;
        auto rep = load_gazetteer(g, spec, "EPSG:3006");
        EXPECT_FALSE(rep.from_cache);
        EXPECT_EQ(g.addresses()[0].street, "Ögatan");
    }
    // A different field mapping is a different cache entry.
    spec.number = "nummer";
    {
        Gazetteer g;
        EXPECT_FALSE(load_gazetteer(g, spec, "EPSG:3006").from_cache);
    }
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(xdg);
}

// A read-only data folder: the cache goes to the user cache directory, or (when that cannot be
// written) beside the output, or to the temp directory; the data folder is never written.
TEST(GeocodeGazetteerSource, CacheWorksWithAReadOnlyDataFolder)
{
    auto data = test::temp_dir("gaz-ro-data");
    auto out = test::temp_dir("gaz-ro-out");
    auto src = data / "a.geojson";
    write(src, collection({point_feature(R"({"gatunamn":"Ågatan","nummer":1})", 10, 20)}));
    namespace fs = std::filesystem;
    fs::permissions(data, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    // A cache "directory" under a regular file cannot be created, even by root (the tests may
    // run as root, for whom chmod -w does not stop writes).
    write(out / "not-a-dir", "x");
    GazetteerSpec spec;
    spec.path = src;
    spec.cache_fallback_dir = out;
    {
        ScopedEnv env("XDG_CACHE_HOME", (out / "not-a-dir").string());
        Gazetteer g;
        auto rep = load_gazetteer(g, spec, "EPSG:3006");
        EXPECT_EQ(rep.added, 1u);
        EXPECT_EQ(rep.cache_file.parent_path(), out / ".trygg-cache");  // beside the output
        Gazetteer again;
        EXPECT_TRUE(load_gazetteer(again, spec, "EPSG:3006").from_cache);
    }
    {
        ScopedEnv env("XDG_CACHE_HOME", (out / "not-a-dir").string());
        spec.cache_fallback_dir.clear();
        spec.number = "nummer";  // a new cache entry: nowhere but the temp directory is left
        Gazetteer g;
        auto rep = load_gazetteer(g, spec, "EPSG:3006");
        EXPECT_EQ(rep.cache_file.parent_path(), fs::temp_directory_path() / "trygg-gazetteer-cache");
        fs::remove(rep.cache_file);
    }
    EXPECT_EQ(files_in(data), 1u);  // only the source: nothing was written beside it
    fs::permissions(data, fs::perms::owner_write, fs::perm_options::add);
    fs::remove_all(data);
    fs::remove_all(out);
}

TEST(GeocodeGazetteerSource, PolygonsBecomeDistrictCentroidsInTheWorkingCrs)
{
    auto gpkg = test::source_dir() / "geodata" / "exempelstad" / "exempelstad.gpkg";
    if (!std::filesystem::exists(gpkg))
        GTEST_SKIP();
    GazetteerSpec spec;
    spec.path = gpkg;
    spec.layer = "delomraden";
    spec.kind = SourceKind::district;
    spec.name = "namn";
    spec.cache = false;
    Gazetteer g;
    auto rep = load_gazetteer(g, spec, "EPSG:3006");
    EXPECT_EQ(rep.added, 25u);
    for (const auto& p : g.places()) {
        EXPECT_EQ(p.kind, PlaceKind::district);
        EXPECT_GT(p.radius_m, 100.0);
        // Inside the municipality's extent (geodata/README.md).
        EXPECT_GT(p.point.x, 583711);
        EXPECT_LT(p.point.x, 596284);
        EXPECT_GT(p.point.y, 6605166);
        EXPECT_LT(p.point.y, 6614712);
    }
}
