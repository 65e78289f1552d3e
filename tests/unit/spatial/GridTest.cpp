// SPDX-License-Identifier: MIT
#include <trygg/spatial/grid.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace trygg;
using spatial::CellShape;
using spatial::Grid;
using spatial::GridSpec;

namespace {

core::Polygon rect(double x0, double y0, double x1, double y1)
{
    return {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}};
}

// Independent point-in-polygon (crossing number over all rings).
bool inside(const core::MultiPolygon& mp, double x, double y)
{
    int crossings = 0;
    auto ring_cross = [&](const core::Ring& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const auto& a = r[i];
            const auto& b = r[i + 1];
            if ((a.y > y) != (b.y > y) && x < a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
                ++crossings;
        }
    };
    for (const auto& p : mp) {
        ring_cross(p.outer);
        for (const auto& h : p.holes)
            ring_cross(h);
    }
    return crossings % 2 == 1;
}

}  // namespace

// SCB's SWEREF 99 TM squares: corners on multiples of the size from (0,0); id = lower-left
// easting (6 digits) + northing (7 digits). Expected strings written out by hand.
TEST(Grid, ScbCellIdsAndCornersOnKnownCoordinates)
{
    const core::Point p{587412.0, 6612345.0};
    const core::MultiPolygon area{rect(580000, 6600000, 600000, 6620000)};
    const Grid km = Grid::over({CellShape::square, 1000.0}, area);
    const auto i = km.locate(p);
    ASSERT_GE(i, 0);
    EXPECT_EQ(km.cell_id(static_cast<std::size_t>(i)), "5870006612000");
    const auto poly = km.polygon(static_cast<std::size_t>(i));
    EXPECT_DOUBLE_EQ(poly.outer[0].x, 587000.0);
    EXPECT_DOUBLE_EQ(poly.outer[0].y, 6612000.0);
    EXPECT_DOUBLE_EQ(poly.outer[2].x, 588000.0);
    EXPECT_DOUBLE_EQ(poly.outer[2].y, 6613000.0);

    const Grid q = Grid::over({CellShape::square, 250.0}, area);
    const auto j = q.locate(p);
    ASSERT_GE(j, 0);
    EXPECT_EQ(q.cell_id(static_cast<std::size_t>(j)), "5872506612250");
    EXPECT_EQ(spatial::scb_cell_id(300000, 6100000), "3000006100000");

    // Half-open cells: a point on a cell edge belongs to the cell to its north/east.
    EXPECT_EQ(km.cell_id(static_cast<std::size_t>(km.locate({588000.0, 6613000.0}))), "5880006613000");
    EXPECT_EQ(km.cell_id(static_cast<std::size_t>(km.locate({587999.999, 6612999.999}))), "5870006612000");
    EXPECT_DOUBLE_EQ(q.cell_area(), 62500.0);
}

TEST(Grid, CellsTouchingTheAreaOnlyAlongAnEdgeAreOut)
{
    // 2 km × 1.5 km rectangle on 1 km cells: x cells [1000,2000),[2000,3000) and y cells
    // [1000,2000),[2000,3000) → 4 cells; the cells east of x=3000 only touch it.
    const Grid g = Grid::over({CellShape::square, 1000.0}, {rect(1000, 1000, 3000, 2500)});
    EXPECT_EQ(g.cell_count(), 4u);
}

TEST(Grid, MaskMatchesSampledIntersectionForPolygonWithHole)
{
    core::Polygon l;  // an L shape with a hole, 100 m cells
    l.outer = {{0, 0}, {1030, 0}, {1030, 420}, {470, 420}, {470, 960}, {0, 960}, {0, 0}};
    l.holes.push_back({{120, 120}, {330, 120}, {330, 610}, {120, 610}, {120, 120}});
    const core::MultiPolygon area{l, rect(1500, 1500, 1755, 1610)};
    const Grid g = Grid::over({CellShape::square, 100.0}, area);
    std::size_t expected = 0;
    for (std::int64_t r = 0; r < g.rows(); ++r)
        for (std::int64_t c = 0; c < g.cols(); ++c) {
            const auto ctr = g.centre(c, r);
            bool any = false;
            for (int a = 0; a < 40 && !any; ++a)
                for (int b = 0; b < 40 && !any; ++b)
                    any = inside(area, ctr.x - 50 + (a + 0.5) * 2.5, ctr.y - 50 + (b + 0.5) * 2.5);
            expected += any;
            EXPECT_EQ(g.in_area(g.index(c, r)), any) << "cell " << g.cell_id(g.index(c, r));
        }
    EXPECT_EQ(g.cell_count(), expected);
}

TEST(Grid, HexagonLocateIsNearestCentre)
{
    const GridSpec spec{CellShape::hexagon, 200.0, 0, 0};
    const core::MultiPolygon area{rect(10000, 20000, 12000, 21500)};
    const Grid g = Grid::over(spec, area);
    ASSERT_GT(g.cell_count(), 50u);
    // Adjacent centres are exactly the cell size apart.
    const auto a = g.centre(4, 4), b = g.centre(4, 5), c = g.centre(5, 4);
    EXPECT_NEAR(std::hypot(a.x - b.x, a.y - b.y), 200.0, 1e-9);
    EXPECT_NEAR(std::hypot(a.x - c.x, a.y - c.y), 200.0, 1e-9);
    EXPECT_NEAR(g.cell_area(), 200.0 * 200.0 * std::sqrt(3.0) / 2.0, 1e-6);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(10000, 12000), uy(20000, 21500);
    for (int t = 0; t < 2000; ++t) {
        const core::Point p{ux(rng), uy(rng)};
        std::size_t best = 0;
        double bd = 1e300;
        for (std::size_t i = 0; i < g.lattice_size(); ++i) {
            const auto q = g.centre(i);
            const double d = std::hypot(p.x - q.x, p.y - q.y);
            if (d < bd) {
                bd = d;
                best = i;
            }
        }
        std::int64_t col, row;
        g.lattice_position(p, col, row);
        EXPECT_EQ(g.index(col, row), best);
        EXPECT_TRUE(g.in_area(best));
    }
}

TEST(Grid, HexagonMaskMatchesSampledIntersection)
{
    core::Polygon tri;
    tri.outer = {{0, 0}, {2000, 150}, {700, 1700}, {0, 0}};
    tri.holes.push_back({{500, 300}, {900, 350}, {650, 700}, {500, 300}});
    const core::MultiPolygon area{tri};
    const Grid g = Grid::over({CellShape::hexagon, 150.0}, area);
    // Every sample point inside the area lies in an in-cell; every in-cell holds a sample inside.
    std::vector<char> hit(g.lattice_size(), 0);
    for (double x = -200; x <= 2200; x += 4)
        for (double y = -200; y <= 1900; y += 4) {
            if (!inside(area, x, y))
                continue;
            std::int64_t c, r;
            g.lattice_position({x, y}, c, r);
            ASSERT_TRUE(c >= 0 && r >= 0 && c < g.cols() && r < g.rows());
            const auto i = g.index(c, r);
            EXPECT_TRUE(g.in_area(i)) << x << "," << y;
            hit[i] = 1;
        }
    // An in-cell without a sample may only be a sliver (shapely: hex150_c8_r0 overlaps the
    // triangle by 0.65 m²): some cell vertex lies within a sampling step of the boundary.
    auto seg_dist = [](core::Point p, core::Point a, core::Point b) {
        const double vx = b.x - a.x, vy = b.y - a.y;
        const double t = std::clamp(((p.x - a.x) * vx + (p.y - a.y) * vy) / (vx * vx + vy * vy), 0.0, 1.0);
        return std::hypot(p.x - a.x - t * vx, p.y - a.y - t * vy);
    };
    int slivers = 0;
    for (std::size_t i : g.cells()) {
        if (hit[i])
            continue;
        double d = 1e300;
        for (const auto& v : g.polygon(i).outer)
            for (const auto* ring : {&tri.outer, &tri.holes[0]})
                for (std::size_t k = 0; k + 1 < ring->size(); ++k)
                    d = std::min(d, seg_dist(v, (*ring)[k], (*ring)[k + 1]));
        EXPECT_LT(d, 4 * std::sqrt(2.0)) << g.cell_id(i);
        ++slivers;
    }
    EXPECT_LE(slivers, 3);
}

TEST(Grid, CountPointsSumsAndReportsOutside)
{
    const Grid g = Grid::over({CellShape::square, 250.0}, {rect(0, 0, 1000, 1000)});
    const std::vector<double> x{10, 20, 260, 999, 1200, std::nan(""), 1e300, 5};
    const std::vector<double> y{10, 30, 10, 999, 10, 5, 5, -INFINITY};
    std::size_t outside = 0;
    const auto counts = spatial::count_points(g, x, y, nullptr, &outside);
    EXPECT_EQ(outside, 4u);
    EXPECT_EQ(counts[g.index(0, 0)], 2.0);
    EXPECT_EQ(counts[g.index(1, 0)], 1.0);
    EXPECT_EQ(counts[g.index(3, 3)], 1.0);
}

TEST(Grid, NonScbIdsNameTheLowerLeftCorner)
{
    GridSpec spec{CellShape::square, 250.0};
    spec.scb_ids = false;  // e.g. a UTM working CRS
    const Grid g = Grid::over(spec, {rect(542700, 4173500, 543300, 4174000)});
    const auto i = g.locate({542760.0, 4173510.0});
    ASSERT_GE(i, 0);
    EXPECT_EQ(g.cell_id(static_cast<std::size_t>(i)), "250m_E542750_N4173500");
    const Grid h = Grid::over({CellShape::square, 12.5}, {rect(0, 0, 100, 100)});
    EXPECT_EQ(h.cell_id(h.index(1, 2)), "12.5m_E12.500_N25.000");
}
