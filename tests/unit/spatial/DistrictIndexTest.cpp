// SPDX-License-Identifier: MIT
// The district index against a brute-force GEOS check, and the documented boundary rule.
#include <trygg/io/record_reader.hpp>
#include <trygg/spatial/district_index.hpp>

#include "shared_data.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <random>

using namespace trygg;

namespace {

core::MultiPolygon square(double x0, double y0, double size)
{
    core::Polygon p;
    p.outer = {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}};
    return {p};
}

// GEOS geometries of the districts, for brute force.
struct GeosLayer {
    GEOSContextHandle_t h = GEOS_init_r();
    std::vector<GEOSGeometry*> geoms;
    explicit GeosLayer(const std::vector<core::MultiPolygon>& polys)
    {
        for (const auto& mp : polys) {
            std::vector<GEOSGeometry*> parts;
            for (const auto& poly : mp) {
                auto ring = [&](const core::Ring& r) {
                    auto* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(r.size()), 2);
                    for (std::size_t i = 0; i < r.size(); ++i)
                        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), r[i].x, r[i].y);
                    return GEOSGeom_createLinearRing_r(h, seq);
                };
                std::vector<GEOSGeometry*> holes;
                for (const auto& hole : poly.holes)
                    holes.push_back(ring(hole));
                parts.push_back(GEOSGeom_createPolygon_r(h, ring(poly.outer), holes.data(),
                                                         static_cast<unsigned>(holes.size())));
            }
            geoms.push_back(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                                        static_cast<unsigned>(parts.size())));
        }
    }
    ~GeosLayer()
    {
        for (auto* g : geoms)
            GEOSGeom_destroy_r(h, g);
        GEOS_finish_r(h);
    }
    // GEOS "contains": true only for interior points.
    bool contains(std::size_t d, double x, double y) const
    {
        auto* p = GEOSGeom_createPointFromXY_r(h, x, y);
        bool in = GEOSContains_r(h, geoms[d], p) == 1;
        GEOSGeom_destroy_r(h, p);
        return in;
    }
    bool intersects(std::size_t d, double x, double y) const
    {
        auto* p = GEOSGeom_createPointFromXY_r(h, x, y);
        bool in = GEOSIntersects_r(h, geoms[d], p) == 1;
        GEOSGeom_destroy_r(h, p);
        return in;
    }
};

std::vector<core::MultiPolygon> exempelstad_districts()
{
    io::RecordOptions o;
    o.layer = "delomraden";
    auto r = io::read_records((test::source_dir() / "geodata/exempelstad/exempelstad.gpkg").string(), o);
    return r.polygons;
}

}  // namespace

TEST(DistrictIndex, PointOnSharedEdgeGoesToOneDistrictByTheEastNorthRule)
{
    // Four unit squares: 0 = SW, 1 = SE, 2 = NW, 3 = NE.
    std::vector<core::MultiPolygon> q{square(0, 0, 1), square(1, 0, 1), square(0, 1, 1), square(1, 1, 1)};
    spatial::DistrictIndex index(q);
    EXPECT_EQ(index.locate(0.5, 0.5), 0);
    EXPECT_EQ(index.locate(1.0, 0.5), 1);  // west–east boundary: to the east
    EXPECT_EQ(index.locate(0.5, 1.0), 2);  // south–north boundary: to the north
    EXPECT_EQ(index.locate(1.0, 1.0), 3);  // the shared corner: east, then north
    EXPECT_EQ(index.locate(0.0, 0.5), 0);  // outer west edge: inside
    EXPECT_EQ(index.locate(2.0, 0.5), -1);  // outer east edge: outside
    EXPECT_EQ(index.locate(0.5, 0.0), 0);  // outer south edge: inside
    EXPECT_EQ(index.locate(0.5, 2.0), -1);  // outer north edge: outside
    EXPECT_EQ(index.locate(std::nan(""), 0.5), -1);
}

TEST(DistrictIndex, HolesAndMultiPolygons)
{
    core::MultiPolygon donut = square(0, 0, 10);
    donut[0].holes.push_back({{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}});
    auto island = square(20, 20, 1);
    donut.push_back(island[0]);
    std::vector<core::MultiPolygon> layer{donut, square(4, 4, 2)};  // the hole is district 1
    spatial::DistrictIndex index(layer);
    EXPECT_EQ(index.locate(1, 1), 0);
    EXPECT_EQ(index.locate(5, 5), 1);
    EXPECT_EQ(index.locate(20.5, 20.5), 0);
    EXPECT_EQ(index.locate(15, 15), -1);
}

TEST(DistrictIndex, EqualsBruteForceGeosOn100000RandomPoints)
{
    auto polys = exempelstad_districts();
    ASSERT_EQ(polys.size(), 25u);
    spatial::DistrictIndex index(polys);
    GeosLayer geos(polys);
    core::Box box;
    for (const auto& p : polys)
        box.expand(core::bounds(p));
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> ux(box.min_x - 100, box.max_x + 100), uy(box.min_y - 100, box.max_y + 100);
    std::size_t inside = 0, boundary = 0;
    for (int i = 0; i < 100000; ++i) {
        double x = ux(rng), y = uy(rng);
        int expected = -1, hits = 0;
        for (std::size_t d = 0; d < polys.size(); ++d)
            if (geos.contains(d, x, y)) {
                expected = static_cast<int>(d);
                ++hits;
            }
        ASSERT_LE(hits, 1) << "districts overlap at " << x << "," << y;
        auto got = index.locate(x, y);
        if (hits == 1) {
            ++inside;
            ASSERT_EQ(got, expected) << "at " << x << "," << y;
        } else {
            // Not in any interior: either outside (-1) or exactly on a boundary (rule below).
            bool on_boundary = false;
            for (std::size_t d = 0; d < polys.size(); ++d)
                on_boundary = on_boundary || geos.intersects(d, x, y);
            if (on_boundary)
                ++boundary;
            else
                ASSERT_EQ(got, -1) << "at " << x << "," << y;
        }
    }
    EXPECT_GT(inside, 50000u);
}

TEST(DistrictIndex, EveryInteriorVertexOfExempelstadGoesToExactlyOneDistrict)
{
    auto polys = exempelstad_districts();
    spatial::DistrictIndex index(polys);
    GeosLayer geos(polys);
    std::size_t checked = 0;
    for (std::size_t d = 0; d < polys.size(); ++d)
        for (const auto& v : polys[d][0].outer) {
            int owners = 0;
            for (std::size_t k = 0; k < polys.size(); ++k)
                owners += index.contains(static_cast<std::int32_t>(k), v.x, v.y);
            // A vertex is inside the study area when a point just east-north of it is in some district.
            int interior = 0;
            for (std::size_t k = 0; k < polys.size(); ++k)
                interior += geos.contains(k, v.x + 1e-4, v.y + 1e-7);
            ASSERT_EQ(owners, interior) << "vertex " << v.x << "," << v.y;
            if (owners == 1) {
                // And the owner is the district containing the perturbed point (the rule).
                auto got = index.locate(v.x, v.y);
                ASSERT_TRUE(geos.contains(static_cast<std::size_t>(got), v.x + 1e-4, v.y + 1e-7));
            }
            ++checked;
        }
    EXPECT_GT(checked, 100u);
}
