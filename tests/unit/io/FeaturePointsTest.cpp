// SPDX-License-Identifier: MIT
// Feature points from a hand-written GeoJSON layer: a point, a square (centroid and the radius
// of the circle of its area), a feature without geometry, and a transformation to WGS 84.
#include <trygg/core/error.hpp>
#include <trygg/io/feature_points.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace trygg;

namespace {

struct Seen {
    std::int64_t fid;
    bool located;
    core::Point point;
    double radius;
    std::vector<std::string> values;
};

std::string sample_layer()
{
    // One file per test: ctest runs the tests of this file in parallel processes, and each
    // removes its file at the end.
    auto path = std::filesystem::temp_directory_path() /
                ("trygg_feature_points_" +
                 std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".geojson");
    std::ofstream(path) << R"({"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
 "features": [
  {"type": "Feature", "properties": {"namn": "Torget", "nr": 12},
   "geometry": {"type": "Point", "coordinates": [500000, 0]}},
  {"type": "Feature", "properties": {"namn": "Parken", "nr": null},
   "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}},
  {"type": "Feature", "properties": {"namn": "Ingenstans", "nr": 3}, "geometry": null}
 ]})";
    return path.string();
}

std::vector<Seen> read_all(const std::string& path, const std::string& crs, std::vector<std::string>* fields = nullptr)
{
    std::vector<Seen> seen;
    io::for_each_feature_point(
        path, "", crs,
        [&](const std::vector<std::string>& names) {
            if (fields)
                *fields = names;
            return std::vector<int>{0, 1};
        },
        [&](const io::FeaturePoint& f) { seen.push_back({f.fid, f.located, f.point, f.radius, f.values}); });
    return seen;
}

}  // namespace

TEST(FeaturePoints, PointsCentroidsRadiiAndFieldsInTheLayersCrs)
{
    const auto path = sample_layer();
    std::vector<std::string> fields;
    const auto seen = read_all(path, "EPSG:3006", &fields);
    EXPECT_EQ(fields, (std::vector<std::string>{"namn", "nr"}));
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_TRUE(seen[0].located);
    EXPECT_EQ(seen[0].point.x, 500000.0);
    EXPECT_EQ(seen[0].point.y, 0.0);
    EXPECT_EQ(seen[0].radius, 0.0);
    EXPECT_EQ(seen[0].values, (std::vector<std::string>{"Torget", "12"}));
    // The square [0,10]²: centroid (5,5), area 100, radius √(100/π).
    EXPECT_TRUE(seen[1].located);
    EXPECT_DOUBLE_EQ(seen[1].point.x, 5.0);
    EXPECT_DOUBLE_EQ(seen[1].point.y, 5.0);
    EXPECT_DOUBLE_EQ(seen[1].radius, std::sqrt(100.0 / M_PI));
    EXPECT_EQ(seen[1].values, (std::vector<std::string>{"Parken", ""}));  // null -> ""
    EXPECT_FALSE(seen[2].located);
    EXPECT_EQ(seen[2].values[0], "Ingenstans");
    std::filesystem::remove(path);
}

TEST(FeaturePoints, TransformedThroughCrs)
{
    // SWEREF99 TM's false easting 500000 lies on its central meridian 15°E; northing 0 is the
    // equator: (500000, 0) is (15°E, 0°N) in WGS 84.
    const auto path = sample_layer();
    const auto seen = read_all(path, "EPSG:4326");
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_TRUE(seen[0].located);
    EXPECT_NEAR(seen[0].point.x, 15.0, 1e-9);
    EXPECT_NEAR(seen[0].point.y, 0.0, 1e-9);
    std::filesystem::remove(path);
}

TEST(FeaturePoints, ErrorsNameFileAndLayer)
{
    const auto path = sample_layer();
    auto none = [](const std::vector<std::string>&) { return std::vector<int>{}; };
    auto ignore = [](const io::FeaturePoint&) {};
    try {
        io::for_each_feature_point(path, "saknas", "EPSG:3006", none, ignore);
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), path + " layer 'saknas': layer not found");
    }
    EXPECT_THROW(io::for_each_feature_point(path, "", "EPSG:999999", none, ignore), core::InputError);
    std::filesystem::remove(path);
}
