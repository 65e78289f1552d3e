// SPDX-License-Identifier: MIT
// Polygon overlay and reallocation with hand-computed values.
//
//   y=2 +-------+-------+-------+        sources: A = [0,2]x[0,2] (area 4), B = [2,3]x[0,2] (area 2)
//       |  t0   |       t1      |        targets: t0 = [0,1]x[0,2] (area 2), t1 = [1,3]x[0,2] (area 4)
//   y=0 +-------+-------+-------+        pieces: A∩t0 = 2, A∩t1 = 2, B∩t1 = 2
//       0       1       2       3
#include <trygg/factors/area_reallocation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace trygg;
using namespace trygg::factors;

namespace {

core::MultiPolygon rect(double x0, double y0, double x1, double y1)
{
    return {core::Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

const std::vector<core::MultiPolygon> sources{rect(0, 0, 2, 2), rect(2, 0, 3, 2)};
const std::vector<core::MultiPolygon> targets{rect(0, 0, 1, 2), rect(1, 0, 3, 2)};
const std::vector<double> target_area{2, 4};

}  // namespace

TEST(AreaOverlay, FindsEveryIntersectionWithItsArea)
{
    auto pieces = overlay_areas(sources, targets);
    ASSERT_EQ(pieces.size(), 3u);
    EXPECT_EQ(pieces[0].source, 0u);
    EXPECT_EQ(pieces[0].target, 0u);
    EXPECT_NEAR(pieces[0].area, 2.0, 1e-12);
    EXPECT_EQ(pieces[1].target, 1u);
    EXPECT_NEAR(pieces[1].area, 2.0, 1e-12);
    EXPECT_EQ(pieces[2].source, 1u);
    EXPECT_NEAR(pieces[2].area, 2.0, 1e-12);
}

TEST(AreaReallocation, AreaWeightedCountsKeepTheTotal)
{
    auto r = reallocate(overlay_areas(sources, targets), {10, 6}, ValueKind::count, target_area);
    EXPECT_NEAR(r.values[0], 5.0, 1e-12);        // 10 * 2/4
    EXPECT_NEAR(r.values[1], 5.0 + 6.0, 1e-12);  // 10 * 2/4 + 6
    EXPECT_NEAR(r.values[0] + r.values[1], 16.0, 1e-12);
    EXPECT_NEAR(r.coverage[0], 1.0, 1e-12);
    EXPECT_NEAR(r.coverage[1], 1.0, 1e-12);
}

TEST(AreaReallocation, AreaWeightedSharesAreWeightedMeans)
{
    auto r = reallocate(overlay_areas(sources, targets), {0.2, 0.8}, ValueKind::share, target_area);
    EXPECT_NEAR(r.values[0], 0.2, 1e-12);
    EXPECT_NEAR(r.values[1], (0.2 * 2 + 0.8 * 2) / 4, 1e-12);  // 0.5
}

TEST(AreaReallocation, PopulationWeightingUsesTheDistrictsDensity)
{
    // Populations t0 = 100 (density 50), t1 = 400 (density 100): weights A∩t0 = 100,
    // A∩t1 = 200, B∩t1 = 200.
    auto pieces = overlay_areas(sources, targets);
    auto c = reallocate(pieces, {10, 6}, ValueKind::count, target_area, {100, 400});
    EXPECT_NEAR(c.values[0], 10.0 * 100 / 300, 1e-12);
    EXPECT_NEAR(c.values[1], 10.0 * 200 / 300 + 6, 1e-12);
    EXPECT_NEAR(c.values[0] + c.values[1], 16.0, 1e-12);
    // Shares: t1 = (0.3*200 + 0.9*200) / 400 = 0.6.
    auto s = reallocate(pieces, {0.3, 0.9}, ValueKind::share, target_area, {100, 400});
    EXPECT_NEAR(s.values[0], 0.3, 1e-12);
    EXPECT_NEAR(s.values[1], 0.6, 1e-12);
}

TEST(AreaReallocation, MissingSourceLowersCoverageAndIsLeftOut)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto r = reallocate(overlay_areas(sources, targets), {0.2, nan}, ValueKind::share, target_area);
    EXPECT_NEAR(r.values[1], 0.2, 1e-12);
    EXPECT_NEAR(r.coverage[1], 0.5, 1e-12);  // only A's half of t1 has data
    auto none = reallocate(overlay_areas(sources, targets), {nan, nan}, ValueKind::share, target_area);
    EXPECT_TRUE(std::isnan(none.values[0]));
    EXPECT_EQ(none.coverage[0], 0.0);
}

TEST(AreaOverlay, PolygonWithHoleAndPartialOverlap)
{
    // Source: [0,4]x[0,4] minus the hole [1,3]x[1,3] (area 12). Target [2,6]x[0,4]:
    // intersection = [2,4]x[0,4] (8) minus [2,3]x[1,3] (2) = 6.
    core::MultiPolygon holed{core::Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
                                           {{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}}};
    auto pieces = overlay_areas({holed}, {rect(2, 0, 6, 4)});
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_NEAR(pieces[0].area, 6.0, 1e-12);
}
