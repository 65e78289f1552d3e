// SPDX-License-Identifier: MIT
// The public overlay API with hand-computed values.
#include <trygg/spatial/overlay.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

namespace {

core::MultiPolygon rect(double x0, double y0, double x1, double y1)
{
    return {core::Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

}  // namespace

TEST(Overlay, IntersectionAreasInSourceTargetOrder)
{
    // Source 0 = [0,2]² meets target 1 = [1,3]x[0,2] in [1,2]x[0,2] (area 2) and lies apart from
    // target 0; source 1 = [5,6]² lies inside target 0 = [4,8]² (area 1, the contained path).
    const auto pieces = spatial::overlay_areas({rect(0, 0, 2, 2), rect(5, 5, 6, 6)}, {rect(4, 4, 8, 8), rect(1, 0, 3, 2)});
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].source, 0u);
    EXPECT_EQ(pieces[0].target, 1u);
    EXPECT_DOUBLE_EQ(pieces[0].area, 2.0);
    EXPECT_EQ(pieces[1].source, 1u);
    EXPECT_EQ(pieces[1].target, 0u);
    EXPECT_DOUBLE_EQ(pieces[1].area, 1.0);
    // Touching along an edge only: no piece.
    EXPECT_TRUE(spatial::overlay_areas({rect(0, 0, 1, 1)}, {rect(1, 0, 2, 1)}).empty());
}

TEST(Overlay, PointOnSurfaceLiesInsideEvenForAnLShape)
{
    // An L: [0,4]x[0,1] plus [0,1]x[1,4]; its centroid (about 1.07, 1.07) lies outside it.
    const core::MultiPolygon l{core::Polygon{{{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 4}, {0, 4}, {0, 0}}, {}}};
    const auto pts = spatial::points_on_surface({l, rect(0, 0, 2, 2), core::MultiPolygon{}});
    ASSERT_EQ(pts.size(), 3u);
    const bool in_l = (pts[0].y > 0 && pts[0].y < 1 && pts[0].x > 0 && pts[0].x < 4) ||
                      (pts[0].x > 0 && pts[0].x < 1 && pts[0].y > 0 && pts[0].y < 4);
    EXPECT_TRUE(in_l) << pts[0].x << " " << pts[0].y;
    EXPECT_GT(pts[1].x, 0);
    EXPECT_LT(pts[1].x, 2);
    EXPECT_GT(pts[1].y, 0);
    EXPECT_LT(pts[1].y, 2);
    EXPECT_TRUE(std::isnan(pts[2].x));
}

TEST(Overlay, ShareWithinDistanceOfPoints)
{
    // A point at the corner (0,0) of [0,10]²: within 5 of it lies a quarter of the buffer, a
    // 64-gon (16 segments per quarter, vertices on the axes) of area 32·r²·sin(π/32); its
    // quarter is 8·25·sin(π/32). [20,22]² lies wholly within 5 of (21,21); [50,60]² is far.
    const std::vector<core::MultiPolygon> polys{rect(0, 0, 10, 10), rect(20, 20, 22, 22), rect(50, 50, 60, 60)};
    const auto share = spatial::share_within_distance(polys, {{0, 0}, {21, 21}}, 5.0);
    ASSERT_EQ(share.size(), 3u);
    EXPECT_NEAR(share[0], 8.0 * 25.0 * std::sin(M_PI / 32.0) / 100.0, 1e-12);
    EXPECT_DOUBLE_EQ(share[1], 1.0);
    EXPECT_EQ(share[2], 0.0);
    EXPECT_EQ(spatial::share_within_distance(polys, {}, 5.0), (std::vector<double>{0, 0, 0}));
    EXPECT_EQ(spatial::share_within_distance(polys, {{0, 0}}, 0.0), (std::vector<double>{0, 0, 0}));
}
