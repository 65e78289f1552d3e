// SPDX-License-Identifier: MIT
// Cancellation inside aggregate (issue 21): counting and withholding check the token, so a
// cancelled run stops within a second instead of finishing a cube of tens of millions of cells.
#include <trygg/core/datetime.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/progress.hpp>
#include <trygg/stats/aggregate.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace trygg;

namespace {

// `districts` districts with small counts everywhere (1..4 per district and half-year, mixed
// sexes and ages), so that nearly every cell is withheld and the suppression plan is the long part.
struct ManySmallDistricts {
    core::DistrictLayer layer;
    core::IncidentTable incidents;
    std::vector<std::int32_t> district;

    explicit ManySmallDistricts(std::size_t districts)
    {
        layer.codes.resize(districts);
        layer.names.resize(districts);
        layer.polygons.resize(districts);
        layer.area_km2.assign(districts, 1.0);
        auto& t = incidents;
        t.group_names = {"vald", "tillgrepp"};
        const char* when[] = {"2023-02-01", "2023-08-01", "2024-02-01", "2024-08-01"};
        for (std::size_t d = 0; d < districts; ++d)
            for (std::size_t p = 0; p < 4; ++p)
                for (std::size_t i = 0; i < 1 + (d + p) % 4; ++i) {
                    t.x.push_back(0);
                    t.y.push_back(0);
                    t.time.push_back(core::parse_datetime(when[p])->minutes);
                    t.has_clock.push_back(0);
                    t.groups.push_back(static_cast<std::uint16_t>(1 + (d + i) % 3));
                    t.sex.push_back(i % 2 ? core::Sex::man : core::Sex::kvinna);
                    t.age.push_back(static_cast<std::int16_t>(10 + 20 * ((d + i) % 4)));
                    t.status.push_back(core::LocationStatus::located);
                    t.area_code.push_back(-1);
                    t.source_row.push_back(static_cast<std::uint32_t>(t.x.size() + 1));
                    district.push_back(static_cast<std::int32_t>(d));
                }
    }
};

}  // namespace

TEST(AggregateCancel, ACancelledTokenStopsTheCount)
{
    const ManySmallDistricts data(10);
    core::CancelToken cancel;
    cancel.cancel();
    EXPECT_THROW(stats::aggregate(data.incidents, data.district, data.layer, nullptr, {}, &cancel), core::Cancelled);
    // Without a token (or an uncancelled one) the same input aggregates.
    core::CancelToken live;
    EXPECT_EQ(stats::aggregate(data.incidents, data.district, data.layer, nullptr, {}, &live).district_count, 10u);
}

TEST(AggregateCancel, CancelledMidwayStopsWithinASecond)
{
    // 5,000 districts of small counts: the suppression plan takes over a second on a quiet
    // machine (several under load), so a cancel after 50 ms lands inside the run; a run that
    // finished instead would not throw.
    const ManySmallDistricts data(5000);
    stats::AggregateOptions o;
    o.suppress_below = 5;
    using clock = std::chrono::steady_clock;
    core::CancelToken cancel;
    clock::time_point cancelled_at;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        cancelled_at = clock::now();
        cancel.cancel();
    });
    bool threw = false;
    try {
        (void)stats::aggregate(data.incidents, data.district, data.layer, nullptr, o, &cancel);
    } catch (const core::Cancelled&) {
        threw = true;
    }
    const auto stopped = clock::now();
    canceller.join();
    ASSERT_TRUE(threw);
    EXPECT_LT(std::chrono::duration<double>(stopped - cancelled_at).count(), 1.0);
}
