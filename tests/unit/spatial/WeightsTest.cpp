// SPDX-License-Identifier: MIT
#include "shared_data.hpp"

#include <trygg/core/error.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/spatial/weights_contiguity.hpp>
#include <trygg/spatial/weights_distance.hpp>
#include <trygg/spatial/weights_file.hpp>
#include <trygg/spatial/weights_islands.hpp>

#include <gtest/gtest.h>

#include <fstream>

using namespace trygg;
using spatial::Weights;

namespace {

core::MultiPolygon square(double x, double y, double side = 1.0)
{
    return {core::Polygon{{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}, {}}};
}

std::vector<core::MultiPolygon> lattice(int rows, int cols)
{
    std::vector<core::MultiPolygon> cells;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            cells.push_back(square(c, r));
    return cells;
}

std::vector<std::uint32_t> nbs(const Weights& w, std::size_t i)
{
    auto s = w.neighbours(i);
    return {s.begin(), s.end()};
}

}  // namespace

TEST(Weights, FromPairsIsSymmetricAndSorted)
{
    const auto w = Weights::from_pairs(4, {{2, 0}, {0, 1}, {1, 0}, {3, 3}});
    EXPECT_EQ(nbs(w, 0), (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(nbs(w, 1), (std::vector<std::uint32_t>{0}));
    EXPECT_EQ(w.cardinality(3), 0u);
    EXPECT_EQ(w.links(), 4u);
    EXPECT_TRUE(w.symmetric());
    EXPECT_EQ(w.islands(), (std::vector<std::size_t>{3}));
}

TEST(Weights, MomentsOfAnAsymmetricMatrixByHand)
{
    // w01 = 1, w02 = 2, w10 = 1. S0 = 4; S1 = ½[(1+1)²·2 + (2+0)²·2] = 8;
    // row sums 3, 1, 0 and column sums 1, 1, 2: S2 = 4² + 2² + 2² = 24.
    const auto w = Weights::from_lists({{{1, 1.0}, {2, 2.0}}, {{0, 1.0}}, {}}, spatial::WeightsStyle::custom);
    EXPECT_DOUBLE_EQ(w.s0(), 4.0);
    EXPECT_DOUBLE_EQ(w.s1(), 8.0);
    EXPECT_DOUBLE_EQ(w.s2(), 24.0);
    EXPECT_FALSE(w.symmetric());
}

TEST(Weights, RowStandardisedRowsSumToOneAndIslandsStayEmpty)
{
    const auto w = Weights::from_pairs(4, {{0, 1}, {0, 2}, {1, 2}}).row_standardised();
    EXPECT_EQ(w.style(), spatial::WeightsStyle::row);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_DOUBLE_EQ(w.row_sum(i), 1.0);
    EXPECT_EQ(w.row_sum(3), 0.0);
    EXPECT_DOUBLE_EQ(w.weight(0, 1), 0.5);
}

TEST(Weights, SelfWeightsAddedAndRemoved)
{
    const auto w = Weights::from_pairs(3, {{0, 1}});
    const auto s = w.with_self_weight(1.0);
    EXPECT_TRUE(s.has_self_weights());
    EXPECT_EQ(s.weight(2, 2), 1.0);
    EXPECT_EQ(s.links(), 5u);
    EXPECT_EQ(s.without_self_weights().links(), 2u);
}

TEST(Weights, RejectsDuplicateAndOutOfRangeNeighbours)
{
    EXPECT_THROW(Weights::from_lists({{{0, 1.0}, {0, 1.0}}}, spatial::WeightsStyle::binary), std::invalid_argument);
    EXPECT_THROW(Weights::from_lists({{{5, 1.0}}}, spatial::WeightsStyle::binary), std::invalid_argument);
}

TEST(WeightsContiguity, QueenAndRookOnALattice)
{
    const auto cells = lattice(3, 3);
    const auto queen = spatial::contiguity_weights(cells, {spatial::Contiguity::queen, 0.0});
    const auto rook = spatial::contiguity_weights(cells, {spatial::Contiguity::rook, 0.0});
    EXPECT_EQ(queen.cardinality(4), 8u);  // centre
    EXPECT_EQ(rook.cardinality(4), 4u);
    EXPECT_EQ(queen.cardinality(0), 3u);  // corner
    EXPECT_EQ(rook.cardinality(0), 2u);
    EXPECT_EQ(nbs(rook, 0), (std::vector<std::uint32_t>{1, 3}));
    EXPECT_EQ(queen.links(), 40u);  // 12 rook + 8 diagonal pairs, both directions
    EXPECT_EQ(rook.links(), 24u);
}

TEST(WeightsContiguity, SnappingToleranceClosesASliver)
{
    // Two squares separated by a 0.0001 gap (a digitising sliver).
    const std::vector<core::MultiPolygon> p{square(0, 0), square(1.0001, 0)};
    EXPECT_EQ(spatial::contiguity_weights(p, {spatial::Contiguity::queen, 0.0}).links(), 0u);
    EXPECT_EQ(spatial::contiguity_weights(p, {spatial::Contiguity::queen, 0.001}).links(), 2u);
    EXPECT_EQ(spatial::contiguity_weights(p, {spatial::Contiguity::rook, 0.001}).links(), 2u);
    // A tolerance smaller than the gap keeps them apart.
    EXPECT_EQ(spatial::contiguity_weights(p, {spatial::Contiguity::queen, 0.00005}).links(), 0u);
}

TEST(WeightsContiguity, RookNeedsASharedEdgeNotAVertex)
{
    // Diagonal squares touch at one corner only.
    const std::vector<core::MultiPolygon> p{square(0, 0), square(1, 1)};
    EXPECT_EQ(spatial::contiguity_weights(p, {spatial::Contiguity::queen, 0.0}).links(), 2u);
    EXPECT_EQ(spatial::contiguity_weights(p, {spatial::Contiguity::rook, 0.0}).links(), 0u);
}

TEST(WeightsDistance, CentroidOfASquareWithAHole)
{
    core::MultiPolygon mp = square(0, 0, 4);
    mp[0].holes.push_back({{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}});  // hole in the lower-left corner
    const auto c = spatial::centroids({mp})[0];
    // (16·(2,2) - 1·(0.5,0.5)) / 15
    EXPECT_NEAR(c.x, (32.0 - 0.5) / 15.0, 1e-12);
    EXPECT_NEAR(c.y, (32.0 - 0.5) / 15.0, 1e-12);
}

TEST(WeightsDistance, KnnBreaksTiesByLowerIndex)
{
    const std::vector<core::Point> pts{{0, 0}, {1, 0}, {2, 0}, {10, 0}};
    const auto w = spatial::knn_weights(pts, 1);
    EXPECT_EQ(nbs(w, 1), (std::vector<std::uint32_t>{0}));  // 0 and 2 are both at distance 1
    EXPECT_EQ(nbs(w, 3), (std::vector<std::uint32_t>{2}));
    const auto w2 = spatial::knn_weights(pts, 2);
    EXPECT_EQ(nbs(w2, 3), (std::vector<std::uint32_t>{1, 2}));
    EXPECT_THROW(spatial::knn_weights(pts, 4), std::invalid_argument);
}

TEST(WeightsDistance, InverseDistancePowers)
{
    const std::vector<core::Point> pts{{0, 0}, {2, 0}, {0, 4}};
    const auto w1 = spatial::inverse_distance_weights(pts, 1.0);
    EXPECT_DOUBLE_EQ(w1.weight(0, 1), 0.5);
    EXPECT_DOUBLE_EQ(w1.weight(0, 2), 0.25);
    const auto w2 = spatial::inverse_distance_weights(pts, 2.0, 3.0);
    EXPECT_DOUBLE_EQ(w2.weight(0, 1), 0.25);
    EXPECT_EQ(w2.weight(0, 2), 0.0);  // beyond the band
    EXPECT_THROW(spatial::inverse_distance_weights({{0, 0}, {0, 0}}, 1.0), core::DataError);
}

TEST(WeightsIslands, PoliciesAreExplicit)
{
    const auto w = Weights::from_pairs(3, {{0, 1}}, {"A", "B", "C"});
    const std::vector<core::Point> centres{{0, 0}, {1, 0}, {5, 0}};
    try {
        spatial::apply_island_policy(w, spatial::IslandPolicy::error, centres);
        FAIL() << "expected an error";
    } catch (const core::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("C"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("islands"), std::string::npos) << e.what();
    }
    const auto left = spatial::apply_island_policy(w, spatial::IslandPolicy::leave_out, centres);
    EXPECT_EQ(left.weights.cardinality(2), 0u);
    ASSERT_EQ(left.messages.size(), 1u);
    const auto joined = spatial::apply_island_policy(w, spatial::IslandPolicy::nearest, centres);
    EXPECT_EQ(nbs(joined.weights, 2), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(joined.weights.weight(1, 2), 1.0);  // symmetric
    EXPECT_TRUE(joined.weights.islands().empty());
}

TEST(WeightsFile, GalAndGwtRoundTrip)
{
    const auto dir = test::temp_dir("weights-file");
    const auto w = spatial::contiguity_weights(lattice(2, 3), {});
    spatial::write_gal(w, dir / "w.gal");
    const auto back = spatial::read_gal(dir / "w.gal");
    EXPECT_EQ(back.indices(), w.indices());
    EXPECT_EQ(back.offsets(), w.offsets());

    const auto idw = spatial::inverse_distance_weights({{0, 0}, {3, 4}, {6, 8}}, 1.0).row_standardised();
    const auto keyed = Weights::from_lists({{{1, 0.25}, {2, 0.75}}, {{0, 1.0}}, {}}, spatial::WeightsStyle::custom,
                                           {"x7", "x3", "x9"});
    spatial::write_gwt(keyed, dir / "w.gwt", "kod");
    const auto g = spatial::read_gwt(dir / "w.gwt", {"x7", "x3", "x9"});
    EXPECT_EQ(g.weight(0, 2), 0.75);
    EXPECT_EQ(g.weight(1, 0), 1.0);
    spatial::write_gwt(idw, dir / "idw.gwt");
    EXPECT_EQ(spatial::read_gwt(dir / "idw.gwt").values(), idw.values());  // full precision
    std::filesystem::remove_all(dir);
}

TEST(WeightsFile, GalKeyedByFieldIsPlacedInRecordOrder)
{
    const auto dir = test::temp_dir("weights-gal-key");
    std::ofstream(dir / "k.gal") << "0 3 demo FIPS\n30 1\n10\n10 2\n30 20\n20 1\n10\n";
    const auto w = spatial::read_gal(dir / "k.gal", {"10", "20", "30"});
    EXPECT_EQ(nbs(w, 0), (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(nbs(w, 2), (std::vector<std::uint32_t>{0}));
    EXPECT_EQ(w.id(2), "30");
    std::filesystem::remove_all(dir);
}

TEST(WeightsFile, GalWithAnUnknownIdNamesFileLineAndId)
{
    const auto dir = test::temp_dir("weights-gal-bad");
    std::ofstream(dir / "bad.gal") << "3\n1 1\n2\n2 2\n1 4\n3 0\n";
    try {
        spatial::read_gal(dir / "bad.gal");
        FAIL() << "expected an error";
    } catch (const core::InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("bad.gal:5"), std::string::npos) << m;
        EXPECT_NE(m.find("unknown id '4'"), std::string::npos) << m;
    }
    std::ofstream(dir / "short.gal") << "3\n1 1\n2\n2 1\n1\n";
    EXPECT_THROW(spatial::read_gal(dir / "short.gal"), core::InputError);
    std::ofstream(dir / "count.gal") << "2\n1 2\n2\n2 1\n1\n";
    EXPECT_THROW(spatial::read_gal(dir / "count.gal"), core::InputError);
    EXPECT_THROW(spatial::read_gal(dir / "missing.gal"), core::InputError);
    std::filesystem::remove_all(dir);
}
