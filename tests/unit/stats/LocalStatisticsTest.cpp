// SPDX-License-Identifier: MIT
// Local and global statistics on hand-checkable cases and bad input.
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/getis_ord.hpp>
#include <trygg/stats/global_autocorrelation.hpp>
#include <trygg/stats/local_moran.hpp>

#include <gtest/gtest.h>

using namespace trygg;

namespace {
// A path 0-1-2-3-4 plus an island 5.
spatial::Weights path_with_island()
{
    return spatial::Weights::from_pairs(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}, {"a", "b", "c", "d", "e", "f"});
}
template <typename F> std::string error_of(F f)
{
    try {
        f();
    } catch (const core::DataError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST(LocalMoran, HandCalculationOnAPath)
{
    // y = 1,2,3,4,5 on a path, binary weights: z_i = (y_i - 3)/s with s² = 2.5;
    // I_0 = z_0 z_1 = (-2)(-1)/2.5 = 0.8; I_2 = 0 (z_2 = 0).
    const auto w = spatial::Weights::from_pairs(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}});
    const auto r = stats::local_moran(w, std::vector<double>{1, 2, 3, 4, 5});
    EXPECT_NEAR(r.value[0], 0.8, 1e-12);
    EXPECT_NEAR(r.value[2], 0.0, 1e-12);
    EXPECT_NEAR(r.value[1], (-1.0) * (-2.0 + 0.0) / 2.5, 1e-12);
    EXPECT_NEAR(r.expected[1], -2.0 / 4.0, 1e-12);
}

TEST(LocalMoran, ClassesAreQuadrantsOfSignificantUnits)
{
    stats::LocalMoranResult r;
    r.value = {1, 1, -1, -1, 1, std::nan("")};
    r.z_value = {1, -1, 1, -1, 1, 0};
    r.lag = {1, -1, -1, 1, 1, 0};
    const std::vector<double> p{0.01, 0.01, 0.01, 0.01, 0.5, 0.01};
    const auto c = stats::lisa_classes(r, p, 0.05);
    using L = stats::LisaClass;
    EXPECT_EQ(c, (std::vector<L>{L::high_high, L::low_low, L::high_low, L::low_high, L::not_significant, L::undefined}));
    EXPECT_EQ(stats::to_string(L::high_low), "High-Low");
}

TEST(LocalMoran, IslandIsLeftOutWithNaN)
{
    const auto r = stats::local_moran(path_with_island(), std::vector<double>{1, 5, 2, 8, 3, 4}, {99, 1, 1});
    EXPECT_TRUE(std::isnan(r.value[5]));
    EXPECT_TRUE(std::isnan(r.sim[5].p_sim));
    EXPECT_FALSE(std::isnan(r.value[0]));
    EXPECT_EQ(stats::lisa_classes(r, r.p, 0.05)[5], stats::LisaClass::undefined);
}

TEST(LocalStatistics, NaNValueIsAnErrorNamingTheUnit)
{
    const std::vector<double> y{1, 5, std::nan(""), 8, 3, 4};
    const auto m = error_of([&] { stats::local_moran(path_with_island(), y); });
    EXPECT_NE(m.find("unit c"), std::string::npos) << m;
    EXPECT_NE(m.find("NaN"), std::string::npos) << m;
    EXPECT_NE(error_of([&] { stats::moran(path_with_island(), y); }), "");
    EXPECT_NE(error_of([&] { stats::local_getis_ord(path_with_island(), y, {}); }), "");
}

TEST(LocalStatistics, ConstantVariableIsAnError)
{
    const std::vector<double> y(6, 3.0);
    const auto m = error_of([&] { stats::moran(path_with_island(), y); });
    EXPECT_NE(m.find("constant"), std::string::npos) << m;
    EXPECT_NE(error_of([&] { stats::local_moran(path_with_island(), y); }).find("constant"), std::string::npos);
    EXPECT_NE(error_of([&] { stats::local_getis_ord(path_with_island(), y, {}); }).find("constant"),
              std::string::npos);
}

TEST(LocalStatistics, NegativeValuesAreRejectedByGetisOrd)
{
    const std::vector<double> y{1, -5, 2, 8, 3, 4};
    EXPECT_NE(error_of([&] { stats::local_getis_ord(path_with_island(), y, {}); }).find("negative"),
              std::string::npos);
}

TEST(GetisOrd, BinsFollowArcGisLevels)
{
    EXPECT_EQ(stats::gi_bin(3.0, 0.005), 3);
    EXPECT_EQ(stats::gi_bin(-2.0, 0.04), -2);
    EXPECT_EQ(stats::gi_bin(1.7, 0.09), 1);
    EXPECT_EQ(stats::gi_bin(1.0, 0.3), 0);
    EXPECT_EQ(stats::gi_bin(std::nan(""), 0.001), 0);
}

TEST(GetisOrd, GiStarIslandGetsNaN)
{
    const auto r = stats::local_getis_ord(path_with_island(), std::vector<double>{1, 5, 2, 8, 3, 4}, {});
    EXPECT_TRUE(std::isnan(r.z[5]));
    EXPECT_FALSE(std::isnan(r.z[0]));
}

TEST(GetisOrd, BinsUseCorrectedCutoffsInclusively)
{
    const stats::GiCutoffs fdr{0.005, 0.01, 0.03};
    EXPECT_EQ(stats::gi_bin(2.0, 0.02, fdr), 1);
    EXPECT_EQ(stats::gi_bin(-2.0, 0.01, fdr), -2);  // p equal to the cut-off is significant
    EXPECT_EQ(stats::gi_bin(2.0, 0.04, fdr), 0);
}
