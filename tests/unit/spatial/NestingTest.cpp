// SPDX-License-Identifier: MIT
// spatial::nesting with hand-computed overlaps.
#include <trygg/spatial/nesting.hpp>

#include <gtest/gtest.h>

using namespace trygg;

namespace {

core::MultiPolygon rect(double x0, double y0, double x1, double y1)
{
    return {core::Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

}  // namespace

TEST(Nesting, EachInnerGoesToTheOuterWithTheLargestOverlap)
{
    // Outer: left [0,10]x[0,10], right [10,20]x[0,10].
    // Inner 0 = [1,3]² lies in left (share 1); inner 1 = [8,12]x[0,1] straddles: 2 in left, 2
    // in right (a tie: the lower index, left, share 0.5); inner 2 = [11,19]x[0,1] lies in
    // right; inner 3 = [9,19]x[5,6]: 1 in left, 9 in right (share 0.9); inner 4 lies outside.
    const std::vector<core::MultiPolygon> outer{rect(0, 0, 10, 10), rect(10, 0, 20, 10)};
    const std::vector<core::MultiPolygon> inner{rect(1, 1, 3, 3), rect(8, 0, 12, 1), rect(11, 0, 19, 1),
                                                rect(9, 5, 19, 6), rect(30, 30, 31, 31)};
    const auto nest = spatial::nesting(inner, outer);
    ASSERT_EQ(nest.size(), 5u);
    EXPECT_EQ(nest[0].outer, 0);
    EXPECT_DOUBLE_EQ(nest[0].share, 1.0);
    EXPECT_EQ(nest[1].outer, 0);
    EXPECT_DOUBLE_EQ(nest[1].share, 0.5);
    EXPECT_EQ(nest[2].outer, 1);
    EXPECT_DOUBLE_EQ(nest[2].share, 1.0);
    EXPECT_EQ(nest[3].outer, 1);
    EXPECT_NEAR(nest[3].share, 0.9, 1e-12);
    EXPECT_EQ(nest[4].outer, -1);
    EXPECT_EQ(nest[4].share, 0.0);
    EXPECT_EQ(spatial::not_nested(nest, 0.95), (std::vector<std::size_t>{1, 3, 4}));
    EXPECT_EQ(spatial::not_nested(nest, 0.5), (std::vector<std::size_t>{4}));
}
