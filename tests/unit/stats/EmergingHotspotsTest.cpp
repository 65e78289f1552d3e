// SPDX-License-Identifier: MIT
// Emerging hot-spot categories on planted per-period significance series (one for each of the
// 17 outcomes, built by hand from the rules in docs/emerging-hotspots.md), the space-time
// neighbourhood, and planted count patterns through the whole Gi* + Mann–Kendall chain.
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/emerging_hotspots.hpp>

#include <gtest/gtest.h>

#include <vector>

using namespace trygg;
using stats::EmergingCategory;

namespace {

stats::MannKendallResult trend(double s, double p)
{
    stats::MannKendallResult r;
    r.s = s;
    r.p = p;
    return r;
}
const auto no_trend = trend(0, 1.0);
const auto rising = trend(40, 0.001);
const auto falling = trend(-40, 0.001);

EmergingCategory classify(std::vector<std::int8_t> s, const stats::MannKendallResult& t = no_trend)
{
    return stats::classify_emerging(s, t);
}

}  // namespace

TEST(EmergingCategories, PlantedSeriesForEveryHotCategory)
{
    // Ten periods, so 90 % is 9 of 10.
    EXPECT_EQ(classify({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), EmergingCategory::new_hot);
    EXPECT_EQ(classify({0, 0, 0, 0, 0, 0, 0, 1, 1, 1}), EmergingCategory::consecutive_hot);
    EXPECT_EQ(classify({0, 1, 1, 1, 1, 1, 1, 1, 1, 1}, rising), EmergingCategory::intensifying_hot);
    EXPECT_EQ(classify({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), EmergingCategory::persistent_hot);
    EXPECT_EQ(classify({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, falling), EmergingCategory::diminishing_hot);
    EXPECT_EQ(classify({0, 1, 0, 0, 1, 1, 0, 0, 0, 1}), EmergingCategory::sporadic_hot);
    EXPECT_EQ(classify({-1, -1, 0, 0, 0, 0, 0, 0, 1, 1}), EmergingCategory::oscillating_hot);
    EXPECT_EQ(classify({1, 1, 1, 1, 1, 1, 1, 1, 1, 0}), EmergingCategory::historical_hot);
}

TEST(EmergingCategories, PlantedSeriesForEveryColdCategory)
{
    EXPECT_EQ(classify({0, 0, 0, 0, 0, 0, 0, 0, 0, -1}), EmergingCategory::new_cold);
    EXPECT_EQ(classify({0, 0, 0, 0, 0, 0, -1, -1, -1, -1}), EmergingCategory::consecutive_cold);
    // Colder over time: the z-scores fall.
    EXPECT_EQ(classify({-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, falling), EmergingCategory::intensifying_cold);
    EXPECT_EQ(classify({-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}), EmergingCategory::persistent_cold);
    EXPECT_EQ(classify({-1, -1, -1, -1, 0, -1, -1, -1, -1, -1}, rising), EmergingCategory::diminishing_cold);
    EXPECT_EQ(classify({-1, 0, -1, 0, 0, 0, -1, 0, 0, -1}), EmergingCategory::sporadic_cold);
    EXPECT_EQ(classify({0, 1, 0, 0, 0, 0, 0, -1, 0, -1}), EmergingCategory::oscillating_cold);
    EXPECT_EQ(classify({-1, -1, -1, -1, -1, -1, -1, -1, -1, 0}), EmergingCategory::historical_cold);
}

TEST(EmergingCategories, BoundariesOfTheRules)
{
    EXPECT_EQ(classify({0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), EmergingCategory::none);
    // Not significant now and hot in 8 of 10: no pattern (historical needs 90 %).
    EXPECT_EQ(classify({1, 1, 1, 1, 1, 1, 1, 1, 0, 0}), EmergingCategory::none);
    // Hot in 8 of 10 including the last, no cold ever, one gap: sporadic, not persistent.
    EXPECT_EQ(classify({0, 1, 1, 1, 0, 1, 1, 1, 1, 1}), EmergingCategory::sporadic_hot);
    // A gap within the final run makes it sporadic, not consecutive.
    EXPECT_EQ(classify({0, 0, 0, 0, 0, 0, 1, 0, 1, 1}), EmergingCategory::sporadic_hot);
    // New with an earlier cold period: oscillating (documented precedence).
    EXPECT_EQ(classify({-1, 0, 0, 0, 0, 0, 0, 0, 0, 1}), EmergingCategory::oscillating_hot);
    // A trend that is not significant keeps it persistent.
    EXPECT_EQ(classify({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, trend(10, 0.2)), EmergingCategory::persistent_hot);
    // A rising z-score trend on a cold spot means it is fading.
    EXPECT_EQ(classify({-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, rising), EmergingCategory::diminishing_cold);
}

TEST(EmergingCategories, NamesAndSwedishLabels)
{
    EXPECT_EQ(stats::category_name(EmergingCategory::intensifying_hot), "intensifying hot spot");
    EXPECT_EQ(stats::category_label_sv(EmergingCategory::new_cold), "Ny kallpunkt");
    EXPECT_EQ(stats::emerging_categories().size(), 17u);
}

TEST(EmergingHotspots, SpaceTimeNeighbourhoodIsSpatialTimesWindow)
{
    // Path 0-1-2, three periods, window 1: bin (1, t=2) has units 0,1,2 × periods 1,2.
    const auto w = spatial::Weights::from_pairs(3, {{0, 1}, {1, 2}});
    const auto st = stats::space_time_weights(w, 3, 1);
    ASSERT_EQ(st.size(), 9u);
    const auto nb = st.neighbours(1 * 3 + 2);
    EXPECT_EQ(std::vector<std::uint32_t>(nb.begin(), nb.end()), (std::vector<std::uint32_t>{1, 2, 4, 5, 7, 8}));
    // The first period has no earlier one: unit 0 at t=0 sees units 0,1 at t=0.
    const auto first = st.neighbours(0);
    EXPECT_EQ(std::vector<std::uint32_t>(first.begin(), first.end()), (std::vector<std::uint32_t>{0, 3}));
}

namespace {
// A 10 × 10 rook grid.
spatial::Weights grid(std::size_t side)
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t r = 0; r < side; ++r)
        for (std::uint32_t c = 0; c < side; ++c) {
            const auto i = static_cast<std::uint32_t>(r * side + c);
            if (c + 1 < side)
                pairs.emplace_back(i, i + 1);
            if (r + 1 < side)
                pairs.emplace_back(i, static_cast<std::uint32_t>(i + side));
        }
    return spatial::Weights::from_pairs(side * side, pairs);
}
}  // namespace

// 10 × 10 cells × 12 periods with a background of 2..5 per bin (a fixed pattern, not random)
// and one planted 2 × 2 block (cells 44, 45, 54, 55) whose counts follow `block(t)`.
stats::EmergingResult planted(double (*block)(std::size_t))
{
    const std::size_t side = 10, periods = 12;
    std::vector<double> counts(side * side * periods);
    for (std::size_t c = 0; c < side * side; ++c)
        for (std::size_t t = 0; t < periods; ++t)
            counts[c * periods + t] = 2.0 + static_cast<double>((c * 7 + t * 3) % 4);
    for (std::size_t c : {44u, 45u, 54u, 55u})
        for (std::size_t t = 0; t < periods; ++t)
            counts[c * periods + t] = block(t);
    stats::EmergingOptions o;
    o.window = 0;
    return stats::emerging_hotspots(grid(side), counts, periods, o);
}

TEST(EmergingHotspots, PlantedPersistentBlock)
{
    const auto r = planted([](std::size_t) { return 30.0; });
    EXPECT_EQ(r.category[44], EmergingCategory::persistent_hot);
    EXPECT_EQ(r.hot_periods[44], 12);
    EXPECT_EQ(r.category[0], EmergingCategory::none);
}

TEST(EmergingHotspots, PlantedNewBlock)
{
    const auto r = planted([](std::size_t t) { return t == 11 ? 40.0 : 3.0; });
    EXPECT_EQ(r.category[44], EmergingCategory::new_hot);
    EXPECT_EQ(r.hot_periods[44], 1);
}

TEST(EmergingHotspots, PlantedIntensifyingBlock)
{
    // Hot throughout and ever hotter: the count trend and the z-score trend both rise.
    const auto r = planted([](std::size_t t) { return 40.0 + 3.0 * static_cast<double>(t); });
    EXPECT_EQ(r.category[44], EmergingCategory::intensifying_hot);
    EXPECT_GT(r.count_trend[44].z, 3.0);
    EXPECT_GT(r.z_trend[44].z, 3.0);
}

TEST(EmergingHotspots, PlantedHistoricalBlock)
{
    // Hot for 11 of 12 periods, then back to the background.
    const auto r = planted([](std::size_t t) { return t < 11 ? 30.0 : 3.0; });
    EXPECT_EQ(r.category[44], EmergingCategory::historical_hot);
}

TEST(EmergingHotspots, PlantedConsecutiveBlock)
{
    const auto r = planted([](std::size_t t) { return t >= 9 ? 35.0 : 3.0; });
    EXPECT_EQ(r.category[44], EmergingCategory::consecutive_hot);
    EXPECT_EQ(r.hot_periods[44], 3);
}

TEST(EmergingHotspots, PlantedColdBlockAmongHotOnes)
{
    // A high background everywhere except an empty block: persistent cold spot.
    const std::size_t side = 10, periods = 12;
    std::vector<double> counts(side * side * periods);
    for (std::size_t c = 0; c < side * side; ++c)
        for (std::size_t t = 0; t < periods; ++t)
            counts[c * periods + t] = 20.0 + static_cast<double>((c * 7 + t * 3) % 4);
    for (std::size_t c : {44u, 45u, 54u, 55u, 43u, 46u, 34u, 35u, 64u, 65u})
        for (std::size_t t = 0; t < periods; ++t)
            counts[c * periods + t] = 0.0;
    stats::EmergingOptions o;
    o.window = 0;
    const auto r = stats::emerging_hotspots(grid(side), counts, periods, o);
    EXPECT_EQ(r.category[44], EmergingCategory::persistent_cold);
    EXPECT_EQ(r.cold_periods[44], 12);
}

TEST(EmergingHotspots, BadCountsNameTheUnitAndPeriod)
{
    const auto w = spatial::Weights::from_pairs(2, {{0, 1}}, {"a", "b"});
    try {
        (void)stats::emerging_hotspots(w, std::vector<double>{1, 2, -1, 3}, 2, {});
        FAIL();
    } catch (const core::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("unit b period 1"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)stats::emerging_hotspots(w, std::vector<double>{1, 2}, 1, {}), core::DataError);
}
