// SPDX-License-Identifier: MIT
#include <trygg/stats/grid_gistar.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace trygg;
using spatial::CellShape;
using spatial::Grid;

namespace {

core::Polygon rect(double x0, double y0, double x1, double y1)
{
    return {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}};
}

// Fast grid Gi* against the neighbour-by-neighbour computation on the in-cells' centres.
void expect_fast_equals_direct(const Grid& g, const stats::GridHotspotOptions& opt, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 10.0);
    std::vector<double> values(g.lattice_size(), 0.0);
    for (auto& v : values)
        v = u(rng);  // values outside the mask must be ignored
    const auto fast = stats::grid_gi_star(g, values, opt);
    std::vector<core::Point> pts;
    std::vector<double> vals;
    for (std::size_t i : g.cells()) {
        pts.push_back(g.centre(i));
        vals.push_back(values[i]);
    }
    const auto direct = stats::gi_star_direct(pts, vals, fast.distance);
    ASSERT_EQ(direct.size(), g.cell_count());
    for (std::size_t k = 0; k < g.cell_count(); ++k)
        EXPECT_NEAR(fast.z[g.cells()[k]], direct[k], 1e-9) << "cell " << k;
}

}  // namespace

// EXPECTED.md G1: esda's binary Gi* (self weight 1) on six points, d ≤ 15 inclusive.
TEST(GridGiStar, DirectMatchesEsdaBinaryGiStarG1)
{
    const std::vector<core::Point> pts{{10, 10}, {20, 10}, {40, 10}, {15, 20}, {30, 20}, {30, 30}};
    const std::vector<double> y{2, 3, 3.2, 5, 8, 7};
    const auto z = stats::gi_star_direct(pts, y, 15.0);
    const double expected[] = {-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331};
    for (int i = 0; i < 6; ++i)
        EXPECT_NEAR(z[i], expected[i], 1e-7) << i;
}

TEST(GridGiStar, FastEqualsDirectOnSquaresWithIrregularMask)
{
    core::Polygon l;
    l.outer = {{0, 0}, {3000, 0}, {3000, 1200}, {1300, 1200}, {1300, 2600}, {0, 2600}, {0, 0}};
    l.holes.push_back({{400, 400}, {800, 400}, {800, 900}, {400, 900}, {400, 400}});
    const Grid g = Grid::over({CellShape::square, 100.0}, {l});
    ASSERT_GT(g.cell_count(), 400u);
    for (double d : {100.0, std::sqrt(2.0) * 100.0, 250.0, 430.0})
        expect_fast_equals_direct(g, {d, 0, true}, 11);
    expect_fast_equals_direct(g, {0, 0, true}, 12);   // automatic band
    expect_fast_equals_direct(g, {0, 20, true}, 13);  // k = 20
}

TEST(GridGiStar, FastEqualsDirectOnHexagons)
{
    core::Polygon tri;
    tri.outer = {{0, 0}, {3000, 200}, {900, 2500}, {0, 0}};
    const Grid g = Grid::over({CellShape::hexagon, 120.0}, {tri});
    ASSERT_GT(g.cell_count(), 200u);
    for (double d : {120.0, 210.0, 360.0, 500.0})
        expect_fast_equals_direct(g, {d, 0, false}, 21);
    expect_fast_equals_direct(g, {0, 0, false}, 22);
}

TEST(GridGiStar, AutomaticBandAndK)
{
    const Grid sq = Grid::over({CellShape::square, 250.0}, {rect(0, 0, 5000, 5000)});
    EXPECT_NEAR(stats::automatic_band(sq), 250.0 * std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(stats::band_for_k(sq, 4), 250.0, 1e-9);
    EXPECT_NEAR(stats::band_for_k(sq, 9), 500.0, 1e-9);  // 8 queen cells, then the ring at 2s
    const Grid hx = Grid::over({CellShape::hexagon, 100.0}, {rect(0, 0, 5000, 5000)});
    EXPECT_NEAR(stats::automatic_band(hx), 100.0 * std::sqrt(3.0), 1e-9);
    EXPECT_NEAR(stats::band_for_k(hx, 6), 100.0, 1e-9);
    // Interior neighbour counts (self included): 9 for squares at √2 s, 13 for hexagons at √3 s.
    std::vector<double> v(sq.lattice_size(), 1.0);
    v[0] = 2.0;
    const auto rs = stats::grid_gi_star(sq, v, {});
    EXPECT_EQ(rs.neighbours[sq.index(10, 10)], 9);
    EXPECT_EQ(rs.neighbours[sq.index(0, 0)], 4);
    std::vector<double> vh(hx.lattice_size(), 1.0);
    vh[hx.cells()[0]] = 2.0;
    const auto rh = stats::grid_gi_star(hx, vh, {});
    EXPECT_EQ(rh.neighbours[hx.index(20, 20)], 13);
    EXPECT_EQ(rh.neighbours[hx.index(21, 20)], 13);
}

// EXPECTED.md F1.
TEST(GridGiStar, BenjaminiHochbergThresholdF1)
{
    EXPECT_NEAR(stats::fdr_threshold({0.001, 0.01, 0.02, 0.04, 0.2}, 0.05), 0.03, 1e-15);
    EXPECT_NEAR(stats::fdr_threshold({0.5, 0.6}, 0.05), 0.025, 1e-15);  // nothing passes: α/n
    EXPECT_NEAR(stats::two_sided_p(1.959963984540054), 0.05, 1e-12);
    EXPECT_EQ(stats::gi_bin(3.0, 0.0027, 0.1, 0.05, 0.01), 3);
    EXPECT_EQ(stats::gi_bin(-2.0, 0.0455, 0.1, 0.05, 0.01), -2);
    EXPECT_EQ(stats::gi_bin(1.7, 0.089, 0.1, 0.05, 0.01), 1);
    EXPECT_EQ(stats::gi_bin(1.0, 0.3173, 0.1, 0.05, 0.01), 0);
}

// A planted cluster of high counts on Poisson background is found; background cells are not.
TEST(GridGiStar, PlantedHotspotIsFound)
{
    const Grid g = Grid::over({CellShape::square, 250.0}, {rect(0, 0, 10000, 10000)});
    std::mt19937_64 rng(5);
    std::poisson_distribution<int> bg(2.0), hot(9.0);
    std::vector<double> v(g.lattice_size());
    auto planted = [&](std::int64_t c, std::int64_t r) { return std::abs(c - 20) <= 2 && std::abs(r - 12) <= 2; };
    for (std::int64_t r = 0; r < g.rows(); ++r)
        for (std::int64_t c = 0; c < g.cols(); ++c)
            v[g.index(c, r)] = planted(c, r) ? hot(rng) : bg(rng);
    const auto res = stats::grid_gi_star(g, v, {});
    int found = 0, false_hot = 0;
    for (std::int64_t r = 0; r < g.rows(); ++r)
        for (std::int64_t c = 0; c < g.cols(); ++c) {
            const bool hotcell = res.bin[g.index(c, r)] >= 2;
            if (planted(c, r))
                found += hotcell;
            else if (hotcell && (std::abs(c - 20) > 3 || std::abs(r - 12) > 3))
                ++false_hot;  // cells next to the block share its neighbourhood and may light up
        }
    EXPECT_GE(found, 23);  // of 25
    EXPECT_LE(false_hot, 2);
}
