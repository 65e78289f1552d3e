// SPDX-License-Identifier: MIT
// Which pipelines may count their incidents in chunks: decided from the planned stages (types,
// options, resolved inputs), built here by hand.
#include <trygg/pipeline/streamed_count.hpp>

#include <gtest/gtest.h>

using namespace trygg;
using nlohmann::json;

namespace {

pipeline::PlannedStage stage(const std::string& type, json options, std::vector<pipeline::PlannedInput> inputs = {})
{
    pipeline::PlannedStage s;
    s.spec.type = type;
    s.spec.tag = type;
    s.options = std::move(options);
    s.resolved = std::move(inputs);
    return s;
}

// read.districts, read.incidents, assign, aggregate, write.gpkg (reading every earlier stage).
std::vector<pipeline::PlannedStage> counted()
{
    return {stage("read.districts", {{"path", "deso.gpkg"}}),
            stage("read.incidents", {{"path", "points.csv"}, {"duplicates", "drop_exact"}}),
            stage("assign", {{"max_outside_share", 1.0}}, {{1, 0}, {0, 1}}),
            stage("aggregate", {{"period", "year"}, {"levels", json::array()}, {"periods", json::array()},
                                {"disclosure", "suppress"}},
                  {{2, 0}}),
            stage("write.gpkg", {{"path", "out.gpkg"}}, {{0, 0}, {1, 0}, {2, 0}, {3, 0}})};
}

}  // namespace

TEST(StreamedCountPlan, ReadAssignAggregateWriteIsCountedInChunks)
{
    const auto plan = pipeline::streamed_count_plan(counted(), {});
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->read, 1u);
    EXPECT_EQ(plan->assign, 2u);
    EXPECT_EQ(plan->aggregate, 3u);
}

TEST(StreamedCountPlan, AnotherReaderOfTheIncidentsOrPointsKeepsTheTable)
{
    auto kde = counted();
    kde.push_back(stage("kde", {}, {{1, 0}}));  // reads the incident records
    EXPECT_FALSE(pipeline::streamed_count_plan(kde, {}));
    auto hotspots = counted();
    hotspots.push_back(stage("grid_hotspots", {}, {{2, 0}}));  // reads the assigned points
    EXPECT_FALSE(pipeline::streamed_count_plan(hotspots, {}));
    auto gistar = counted();
    gistar.push_back(stage("gistar", {}, {{3, 0}}));  // might reach the records through the aggregate
    EXPECT_FALSE(pipeline::streamed_count_plan(gistar, {}));
    auto two = counted();
    two.push_back(stage("assign", {}, {{1, 0}, {0, 1}}));
    EXPECT_FALSE(pipeline::streamed_count_plan(two, {}));
    auto geocoded = counted();
    geocoded.insert(geocoded.begin() + 2, stage("geocode", {}, {{1, 0}}));
    geocoded[3].resolved = {{2, 0}, {0, 1}};  // assign reads the geocoder's copy
    geocoded[4].resolved = {{3, 0}};
    EXPECT_FALSE(pipeline::streamed_count_plan(geocoded, {}));
}

TEST(StreamedCountPlan, OptionsThatNeedEveryRecordKeepTheTable)
{
    pipeline::RunSettings internal;
    internal.privacy = pipeline::Privacy::internal;  // writes the incident points
    EXPECT_FALSE(pipeline::streamed_count_plan(counted(), internal));
    pipeline::RunSettings frozen;
    frozen.freeze_before = 1440;
    EXPECT_FALSE(pipeline::streamed_count_plan(counted(), frozen));
    pipeline::RunSettings ledger;
    ledger.ledger = "releases.sqlite";  // fingerprints every record
    EXPECT_FALSE(pipeline::streamed_count_plan(counted(), ledger));
    const std::vector<std::pair<std::size_t, json>> changes = {
        {1, {{"path", "PG:dbname=brott"}}},        {1, {{"path", "points.gpkg"}}},
        {1, {{"duplicates", "error"}}},           {3, {{"levels", json::array({"regso"})}}},
        {3, {{"periods", json::array({"half-year", "year"})}}}, {3, {{"disclosure", "cell_key"}}}};
    for (const auto& [at, change] : changes) {
        auto stages = counted();
        stages[at].options.update(change);
        EXPECT_FALSE(pipeline::streamed_count_plan(stages, {})) << change.dump();
    }
    auto kept = counted();
    kept[1].options["duplicates"] = "keep";
    EXPECT_TRUE(pipeline::streamed_count_plan(kept, {}));
}

TEST(StreamedCountPlan, AWriterOfTheIncidentsBeforeTheAggregateKeepsTheTable)
{
    // The three run at the aggregate's turn: a writer between them would find nothing yet.
    auto early = counted();
    early.insert(early.begin() + 3, stage("write.gpkg", {{"path", "early.gpkg"}}, {{2, 0}}));
    early[4].resolved = {{2, 0}};
    early[5].resolved = {{0, 0}, {1, 0}, {2, 0}, {4, 0}};
    EXPECT_FALSE(pipeline::streamed_count_plan(early, {}));
    // A stage between them that reads neither (the population table) is no obstacle.
    auto population = counted();
    population.insert(population.begin() + 2, stage("read.table", {{"path", "befolkning.csv"}}));
    population[3].resolved = {{1, 0}, {0, 1}};
    population[4].resolved = {{3, 0}, {2, 1}};
    population[5].resolved = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}};
    const auto plan = pipeline::streamed_count_plan(population, {});
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->read, 1u);
    EXPECT_EQ(plan->assign, 3u);
    EXPECT_EQ(plan->aggregate, 4u);
}
