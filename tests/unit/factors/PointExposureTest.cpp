// SPDX-License-Identifier: MIT
#include <trygg/factors/point_exposure.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;

TEST(PointExposure, CountsShareWithinWalkingDistanceAndAccess)
{
    // District [0,100]x[0,100]; one point at its corner (0,0): a quarter disc of radius 50
    // lies inside, pi*50^2/4 = 1963.5 of 10,000 m2 -> 0.19635 (GEOS approximates the circle
    // with 16 segments per quarter: within 0.3 %).
    std::vector<core::MultiPolygon> d{{core::Polygon{{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}, {}}},
                                      {core::Polygon{{{100, 0}, {200, 0}, {200, 100}, {100, 100}, {100, 0}}, {}}}};
    auto e = factors::point_exposure({{0, 0}}, {0}, d, 50, 100);
    EXPECT_EQ(e.count[0], 1.0);
    EXPECT_EQ(e.count[1], 0.0);
    EXPECT_NEAR(e.share_near[0], M_PI * 2500 / 4 / 10000, 0.003 * 0.19635);
    EXPECT_EQ(e.share_near[1], 0.0);
    // Access: exp(-d/100) from a point inside each district; the first is nearer.
    auto rep = factors::representative_points(d);
    EXPECT_NEAR(e.access[0], std::exp(-std::hypot(rep[0].x, rep[0].y) / 100), 1e-12);
    EXPECT_GT(e.access[0], e.access[1]);
    EXPECT_GT(rep[0].x, 0.0);
    EXPECT_LT(rep[0].x, 100.0);
}
