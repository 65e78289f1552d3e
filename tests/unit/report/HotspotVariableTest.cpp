// SPDX-License-Identifier: MIT
// The hotspot variable of the report input is an id built from the Gi*/LISA stage's options,
// not the statistics' English label.
#include "report/hotspot_variable.hpp"

#include <gtest/gtest.h>

using trygg::report::hotspot_variable_id;

namespace {

nlohmann::json manifest_with(const std::string& type, nlohmann::json options)
{
    return {{"stages", nlohmann::json::array({{{"tag", "agg"}, {"type", "aggregate"}, {"options", {{"group", "x"}}}},
                                              {{"tag", "h"}, {"type", type}, {"options", std::move(options)}}})}};
}

}  // namespace

TEST(HotspotVariable, RateOfTheLatestPeriod)
{
    const auto m = manifest_with("gistar", {{"source", "aggregate"}, {"group", "vald"}, {"measure", "rate"},
                                            {"smoothing", "none"}, {"period", "latest"}, {"column", nullptr}});
    EXPECT_EQ(hotspot_variable_id(m), "vald_per_1000");
}

TEST(HotspotVariable, CountsSmoothingPeriodAndTableColumn)
{
    EXPECT_EQ(hotspot_variable_id(manifest_with("local_moran", {{"source", "aggregate"}, {"group", "skadegorelse"},
                                                                {"measure", "count"}, {"period", "2024H2"}})),
              "skadegorelse_antal_2024H2");
    EXPECT_EQ(hotspot_variable_id(manifest_with("gistar", {{"group", "vald"}, {"smoothing", "eb"}})), "vald_per_1000_eb");
    EXPECT_EQ(hotspot_variable_id(manifest_with("gistar", {{"source", "table"}, {"column", "mal5_vald"}})), "mal5_vald");
}

TEST(HotspotVariable, GistarBeforeLisaAndNullWithoutEither)
{
    nlohmann::json m = manifest_with("local_moran", {{"group", "rån"}});
    m["stages"].push_back({{"tag", "g"}, {"type", "gistar"}, {"options", {{"group", "vald"}}}});
    EXPECT_EQ(hotspot_variable_id(m), "vald_per_1000");
    EXPECT_TRUE(hotspot_variable_id(manifest_with("moran", {{"group", "vald"}})).is_null());
    EXPECT_TRUE(hotspot_variable_id(nlohmann::json::object()).is_null());
}
