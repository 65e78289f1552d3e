// SPDX-License-Identifier: MIT
// EXPECTED.md M1-M4: global Moran's I and Geary's C (stl), Moran variances on a 3x3 rook
// lattice, SIDS with a keyed GAL and the Assunção-Reis EB Moran, local Moran on desmith.
#include "reference_data.hpp"
#include "shared_data.hpp"

#include <trygg/spatial/weights_contiguity.hpp>
#include <trygg/spatial/weights_file.hpp>
#include <trygg/stats/global_autocorrelation.hpp>
#include <trygg/stats/local_moran.hpp>
#include <trygg/stats/normal.hpp>
#include <trygg/stats/rates.hpp>

#include <gtest/gtest.h>

#include <fstream>

using namespace trygg;

namespace {
void near_rel(double got, double want, double rel = 1e-7)
{
    EXPECT_NEAR(got, want, rel * std::abs(want));
}
}  // namespace

TEST(MoranReference, M1StLouisHomicideRates)
{
    TRYGG_SHARED_DATA_OR_SKIP(dir, "reference/pysal/stl");
    const auto y = test::read_numbers(dir / "stl_hom.dbf", "HR8893");
    const auto w = spatial::read_gal(dir / "stl.gal").row_standardised();
    ASSERT_EQ(y.size(), 78u);
    const auto r = stats::moran(w, y);
    near_rel(r.value, 0.24365582621771659);
    near_rel(r.expected, -1.0 / 77.0);
    near_rel(r.var_norm, 0.004968139260);
    near_rel(r.z_norm, 3.6410972);
    near_rel(stats::p_one_sided(r.z_norm), 0.00013573931385468807);
    const auto c = stats::geary(w, y);
    near_rel(c.value, 0.5971282);
    near_rel(c.z_norm, -5.449298);
}

TEST(MoranReference, M2RookLatticeVariances)
{
    // 3x3 unit squares; rook contiguity built from the polygons, binary weights.
    std::vector<core::MultiPolygon> cells;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) {
            const double x = c, yy = r;
            cells.push_back({core::Polygon{{{x, yy}, {x + 1, yy}, {x + 1, yy + 1}, {x, yy + 1}, {x, yy}}, {}}});
        }
    const auto w = spatial::contiguity_weights(cells, {spatial::Contiguity::rook, 0.0});
    EXPECT_EQ(w.links(), 24u);
    const std::vector<double> y{1, 2, 3, 4, 5, 6, 7, 8, 9};
    const auto r = stats::moran(w, y);
    near_rel(r.var_rand, 0.0596875);
    near_rel(r.var_norm, 0.053125);
}

TEST(MoranReference, M3SidsKeyedGalAndEmpiricalBayesMoran)
{
    TRYGG_SHARED_DATA_OR_SKIP(dir, "reference/pysal/sids2");
    const auto fips = test::read_strings(dir / "sids2.dbf", "FIPSNO");
    const auto w = spatial::read_gal(dir / "sids2.gal", fips).row_standardised();
    ASSERT_EQ(w.size(), 100u);
    const auto r = stats::moran(w, test::read_numbers(dir / "sids2.dbf", "SIDR74"));
    near_rel(r.value, 0.24772519320480135);
    near_rel(stats::p_one_sided(r.z_norm), 5.7916539074498452e-05);  // esda: one-tailed

    const auto eb = stats::eb_standardise(test::read_numbers(dir / "sids2.dbf", "SID79"),
                                          test::read_numbers(dir / "sids2.dbf", "BIR79"));
    const auto e = stats::moran(w, eb);
    near_rel(e.value, 0.16622343552567395);
    near_rel(stats::p_one_sided(e.z_norm), 0.004191499504892171);
}

TEST(MoranReference, M4LocalMoranDesmith)
{
    TRYGG_SHARED_DATA_OR_SKIP(dir, "reference/pysal/desmith");
    const std::vector<double> z{2.24, 3.10, 4.55, -5.15, -4.39, 0.46, 5.54, 9.02, -2.09, -3.06};
    // desmith.txt: a "10,2" line, a header, then id,z rows; it holds the listed values.
    std::ifstream in(dir / "desmith.txt");
    std::string line;
    std::getline(in, line);
    std::getline(in, line);
    std::vector<double> file_z;
    while (std::getline(in, line))
        if (auto comma = line.find(','); comma != std::string::npos)
            file_z.push_back(std::stod(line.substr(comma + 1)));
    EXPECT_EQ(file_z, z);
    const auto w = spatial::read_gal(dir / "desmith.gal").row_standardised();
    const auto r = stats::local_moran(w, z);
    const std::vector<double> ii{-0.11409277, -0.19940543, -0.13351408, -0.51770383, 0.48095009,
                                 0.12208113,  1.19148298,  -0.58144305, 0.07101383,  0.34314301};
    const std::vector<double> var{0.394432, 0.394432, 0.394432, 0.148043, 0.148043,
                                  0.394432, 0.394432, 0.230173, 0.230173, 0.394432};
    for (std::size_t i = 0; i < 10; ++i) {
        near_rel(r.value[i], ii[i]);
        near_rel(r.expected[i], -1.0 / 9.0);
        EXPECT_NEAR(r.variance[i], var[i], 5e-7) << i;  // listed to 6 decimals
    }
}

TEST(WeightsFileReference, PysalGwtAndKeyedGalFilesParse)
{
    TRYGG_SHARED_DATA_OR_SKIP(dir, "reference/pysal");
    // baltim_k4.gwt: 4 nearest neighbours of 211 stations, keyed by STATION.
    const auto stations = test::read_strings(dir / "baltim" / "baltim.dbf", "STATION");
    const auto k4 = spatial::read_gwt(dir / "baltim" / "baltim_k4.gwt", stations);
    ASSERT_EQ(k4.size(), 211u);
    for (std::size_t i = 0; i < k4.size(); ++i)
        EXPECT_EQ(k4.cardinality(i), 4u) << i;
    const auto q = spatial::read_gal(dir / "baltim" / "baltim_q.gal", stations);
    EXPECT_EQ(q.size(), 211u);
    EXPECT_TRUE(q.symmetric());
    // juvenile.gwt starts its header with the flag 1; weights are distances.
    const auto j = spatial::read_gwt(dir / "juvenile" / "juvenile.gwt");
    ASSERT_EQ(j.size(), 168u);
    EXPECT_NEAR(j.weight(0, 1), 14.1421356, 1e-7);
}
