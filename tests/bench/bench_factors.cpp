// SPDX-License-Identifier: MIT
// Trygghetsanalys at national scale: 6,000 districts (DeSO-sized) and 20 indicators
// (14 area indicators + 6 crime-rate indicators with exact Poisson rate-ratio intervals),
// normalised, turned to risk, weighted and ranked per goal; and the polygon overlay that
// moves a 1,200-area table (RegSO-sized) onto the 6,000 districts.
//
// BM_Pipeline* run the real stages end to end on synthetic files written at start-up
// (6,000 square districts, a 15-column table, 120,000 area-coded incidents, a 20-row
// catalogue: 15 table + 5 crime-rate indicators); the difference between the two is the
// trygghetsanalys stage itself.
//
//   build/release/tests/bench/bench_factors --benchmark_counters_tabular=true
#include "pipeline/stages/factors_stages.hpp"  // private: the stage, timed alone

#include <trygg/core/progress.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/factors/area_reallocation.hpp>
#include <trygg/pipeline/pipeline.hpp>
#include <trygg/pipeline/stage_registry.hpp>
#include <trygg/factors/goal_index.hpp>
#include <trygg/factors/index_uncertainty.hpp>
#include <trygg/factors/poisson_interval.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace trygg;
using namespace trygg::factors;

namespace {

constexpr std::size_t districts = 6000;

struct Data {
    std::vector<std::vector<double>> area_values;  // 14 × districts
    std::vector<std::vector<double>> counts;       // 6 × districts
    std::vector<double> population;
};

const Data& data()
{
    static const Data d = [] {
        Data out;
        std::mt19937_64 rng(42);
        std::normal_distribution<double> share(60, 10);
        std::uniform_real_distribution<double> pop(700, 2700), missing(0, 1);
        for (std::size_t i = 0; i < districts; ++i)
            out.population.push_back(pop(rng));
        for (int k = 0; k < 14; ++k) {
            std::vector<double> v(districts);
            for (auto& x : v)
                x = missing(rng) < 0.03 ? std::numeric_limits<double>::quiet_NaN() : share(rng);
            out.area_values.push_back(std::move(v));
        }
        for (int k = 0; k < 6; ++k) {
            std::vector<double> c(districts);
            for (std::size_t i = 0; i < districts; ++i)
                c[i] = static_cast<double>(std::poisson_distribution<int>(out.population[i] * 0.01 * (k + 1))(rng));
            out.counts.push_back(std::move(c));
        }
        return out;
    }();
    return d;
}

void BM_GoalAnalysis6000x20(benchmark::State& state)
{
    const auto& d = data();
    for (auto _ : state) {
        std::vector<IndicatorValues> ind;
        for (int k = 0; k < 14; ++k)
            ind.push_back({1 + k % 5, k % 2 ? Direction::risk : Direction::protective, 1.0, d.area_values[k]});
        std::size_t intervals = 0;
        for (int k = 0; k < 6; ++k) {
            double tc = 0, tp = 0;
            for (std::size_t i = 0; i < districts; ++i) {
                tc += d.counts[k][i];
                tp += d.population[i];
            }
            std::vector<double> rate(districts), rr_lo(districts);
            for (std::size_t i = 0; i < districts; ++i) {
                rate[i] = 1000.0 * d.counts[k][i] / d.population[i];
                auto rr = rate_ratio(d.counts[k][i], d.population[i] * tc / tp);
                rr_lo[i] = rr.interval.lower;
                ++intervals;
            }
            benchmark::DoNotOptimize(rr_lo.data());
            ind.push_back({1 + k % 5, Direction::risk, 1.0, std::move(rate)});
        }
        auto gi = goal_index(ind, districts, {});
        benchmark::DoNotOptimize(gi.score[0].data());
        state.counters["intervals"] = static_cast<double>(intervals);
    }
}
BENCHMARK(BM_GoalAnalysis6000x20)->Unit(benchmark::kMillisecond);

core::MultiPolygon square(double x, double y, double s)
{
    return {core::Polygon{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}, {}}};
}

void BM_Reallocate1200To6000(benchmark::State& state)
{
    // Targets: 100 × 60 squares of 1 km; sources: 40 × 30 squares of 2.5 km × 2 km shifted
    // by 300 m, so most targets are split between sources.
    std::vector<core::MultiPolygon> targets, sources;
    for (int j = 0; j < 60; ++j)
        for (int i = 0; i < 100; ++i)
            targets.push_back(square(i * 1000.0, j * 1000.0, 1000.0));
    for (int j = 0; j < 30; ++j)
        for (int i = 0; i < 40; ++i) {
            const double x = i * 2500.0 - 300, y = j * 2000.0 - 300;
            sources.push_back({core::Polygon{{{x, y}, {x + 2500, y}, {x + 2500, y + 2000}, {x, y + 2000}, {x, y}}, {}}});
        }
    std::vector<double> area(targets.size(), 1e6), values(sources.size(), 0.5);
    for (auto _ : state) {
        auto pieces = overlay_areas(sources, targets);
        auto r = reallocate(pieces, values, ValueKind::share, area);
        benchmark::DoNotOptimize(r.values.data());
        state.counters["pieces"] = static_cast<double>(pieces.size());
    }
}
BENCHMARK(BM_Reallocate1200To6000)->Unit(benchmark::kMillisecond);

// Issue 22: the Monte Carlo over the index's choices at national scale, 6,000 districts ×
// 40 indicators (6 goals, 3 % missing, weights in [0.5, 1.5], every fifth indicator with an
// alternative reallocation) × 1,000 draws; target <= 10 s. Threads: the argument (0 = all).
void BM_IndexUncertainty6000x40x1000(benchmark::State& state)
{
    std::mt19937_64 rng(7);
    std::normal_distribution<double> share(60, 10);
    std::uniform_real_distribution<double> missing(0, 1);
    std::vector<UncertainIndicator> inds;
    for (int k = 0; k < 40; ++k) {
        UncertainIndicator u;
        u.id = "i" + std::to_string(k);
        u.goal = 1 + k % 6;
        u.direction = k % 2 ? Direction::risk : Direction::protective;
        u.weight_min = 0.5;
        u.weight_max = 1.5;
        u.raw.resize(districts);
        for (auto& x : u.raw)
            x = missing(rng) < 0.03 ? std::numeric_limits<double>::quiet_NaN() : share(rng);
        if (k % 5 == 0) {
            u.raw_alternative = u.raw;
            for (auto& x : u.raw_alternative)
                x += share(rng) * 0.05;
        }
        inds.push_back(std::move(u));
    }
    UncertaintyOptions o;
    o.draws = 1000;
    o.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto res = index_uncertainty(inds, districts, o);
        benchmark::DoNotOptimize(res.goal[0].median.data());
    }
}
BENCHMARK(BM_IndexUncertainty6000x40x1000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Synthetic inputs for the end-to-end runs, written once into a temporary folder.
std::filesystem::path synthetic_inputs()
{
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / "trygg_bench_factors";
        std::filesystem::create_directories(d);
        std::mt19937_64 rng(7);
        std::ofstream g(d / "districts.geojson");
        g << "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
             "\"urn:ogc:def:crs:EPSG::3006\"}},\"features\":[";
        for (std::size_t i = 0; i < districts; ++i) {
            const double x = 400000 + static_cast<double>(i % 100) * 1000, y = 6500000 + static_cast<double>(i / 100) * 1000;
            g << (i ? "," : "") << "{\"type\":\"Feature\",\"properties\":{\"kod\":\"D" << i
              << "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" << x << "," << y << "],[" << x + 1000
              << "," << y << "],[" << x + 1000 << "," << y + 1000 << "],[" << x << "," << y + 1000 << "],[" << x << ","
              << y << "]]]}}";
        }
        g << "]}";
        std::ofstream t(d / "table.csv");
        std::normal_distribution<double> share(60, 10);
        std::uniform_int_distribution<int> pop(700, 2700);
        t << "kod,befolkning";
        for (int k = 0; k < 15; ++k)
            t << ",v" << k;
        t << "\n";
        for (std::size_t i = 0; i < districts; ++i) {
            t << "D" << i << "," << pop(rng);
            for (int k = 0; k < 15; ++k)
                t << "," << share(rng);
            t << "\n";
        }
        std::ofstream inc(d / "incidents.csv");
        inc << "id,tid,kod,omrade\n";
        const char* codes[] = {"0357", "1201", "0801", "5010", "0407"};
        std::uniform_int_distribution<std::size_t> where(0, districts - 1);
        std::uniform_int_distribution<int> which(0, 4), day(1, 28), month(1, 12);
        for (int i = 0; i < 120000; ++i) {
            char date[32];
            std::snprintf(date, sizeof date, "2024-%02d-%02d 12:00", month(rng), day(rng));
            inc << "I" << i << "," << date << "," << codes[which(rng)] << ",D" << where(rng) << "\n";
        }
        std::ofstream c(d / "catalogue.csv");
        c << "id,mal,namn_sv,riktning,kalla,falt,normalisering,vikt\n";
        for (int k = 0; k < 15; ++k)
            c << "v" << k << "," << 1 + k % 5 << ",V" << k << "," << (k % 2 ? "risk" : "skydd") << ",tabell,v" << k
              << ",varde,1\n";
        const char* groups[] = {"vald", "skadegorelse", "tillgrepp", "narkotika", "ovrigt"};
        for (int k = 0; k < 5; ++k)
            c << groups[k] << "," << 1 + k << "," << groups[k] << ",risk,brott," << groups[k] << ",brott_per_1000,1\n";
        return d;
    }();
    return dir;
}

nlohmann::json pipeline_json(bool analysis)
{
    const auto d = synthetic_inputs();
    auto stages = nlohmann::json::array({
        {{"type", "read.districts"}, {"tag", "districts"}, {"path", (d / "districts.geojson").string()}, {"code", "kod"}},
        {{"type", "read.table"}, {"tag", "tabell"}, {"path", (d / "table.csv").string()}, {"key", "kod"}},
        {{"type", "read.incidents"}, {"tag", "incidents"}, {"path", (d / "incidents.csv").string()},
         {"fields", {{"id", "id"}, {"time", "tid"}, {"category", "kod"}, {"area_code", "omrade"}}},
         {"catalogue", TRYGG_SOURCE_DIR "/geodata/catalog/brottskoder.csv"}},
        {{"type", "assign"}, {"inputs", {"incidents", "districts"}}},
        {{"type", "aggregate"}, {"tag", "brott"}, {"inputs", {"assign", "tabell"}},
         {"population", {{"value", "befolkning"}}}}});
    if (analysis)
        stages.push_back({{"type", "trygghetsanalys"}, {"inputs", {"districts", "brott"}},
                          {"catalogue", (d / "catalogue.csv").string()}});
    return {{"privacy", "internal"}, {"pipeline", stages}};
}

void run_pipeline_bench(benchmark::State& state, bool analysis)
{
    auto spec = pipeline::parse_pipeline(pipeline_json(analysis), std::filesystem::current_path());
    const auto& registry = pipeline::builtin_registry();
    for (auto _ : state) {
        core::CollectingReporter reporter;
        core::CancelToken cancel;
        auto result = pipeline::run(spec, registry, reporter, cancel);
        benchmark::DoNotOptimize(result.artifacts.data());
    }
}

void BM_PipelineReadAggregate6000(benchmark::State& state) { run_pipeline_bench(state, false); }
void BM_PipelineWithTrygghetsanalys6000x20(benchmark::State& state) { run_pipeline_bench(state, true); }
// The trygghetsanalys stage alone (catalogue, 20 indicators, normalisation, weighting, rate
// ratios, ranks) plus assembling its GeoPackage tables, on the artifacts of one earlier run.
void BM_TrygghetsanalysStage6000x20(benchmark::State& state)
{
    auto spec = pipeline::parse_pipeline(pipeline_json(true), std::filesystem::current_path());
    const auto& registry = pipeline::builtin_registry();
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    auto result = pipeline::run(spec, registry, reporter, cancel);
    auto planned = pipeline::plan(spec, registry);
    const auto& ps = planned.back();
    std::vector<std::shared_ptr<const pipeline::Artifact>> inputs;
    for (const auto& slot : ps.inputs)
        inputs.push_back(slot ? result.artifacts[*slot].second : nullptr);
    std::vector<pipeline::NamedInput> named;
    for (const auto& r : ps.resolved)
        named.push_back({result.artifacts[r.stage].first, r.slot, result.artifacts[r.stage].second});
    pipeline::TrygghetsanalysStage stage;
    for (auto _ : state) {
        pipeline::Manifest manifest;
        pipeline::StageContext ctx("trygghetsanalys", *ps.descriptor, ps.options, inputs, spec.settings, reporter, cancel,
                                   manifest, named);
        auto artifact = stage.run(ctx);
        pipeline::Publication publication("write.gpkg", [](const pipeline::DistrictsArtifact&) { return "delomraden"; });
        auto part = publication.contribution("trygghetsanalys");
        artifact->publish(part, spec.settings);
        benchmark::DoNotOptimize(publication.tables().size());
    }
}
BENCHMARK(BM_TrygghetsanalysStage6000x20)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(BM_PipelineReadAggregate6000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PipelineWithTrygghetsanalys6000x20)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
