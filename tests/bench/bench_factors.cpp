// Trygghetsanalys at national scale: 6,000 districts (DeSO-sized) and 20 indicators
// (14 area indicators + 6 crime-rate indicators with exact Poisson rate-ratio intervals),
// normalised, turned to risk, weighted and ranked per goal; and the polygon overlay that
// moves a 1,200-area table (RegSO-sized) onto the 6,000 districts.
//
//   build/release/tests/bench/bench_factors --benchmark_counters_tabular=true
#include <trygg/factors/area_reallocation.hpp>
#include <trygg/factors/goal_index.hpp>
#include <trygg/factors/poisson_interval.hpp>

#include <benchmark/benchmark.h>

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
        Data d;
        std::mt19937_64 rng(42);
        std::normal_distribution<double> share(60, 10);
        std::uniform_real_distribution<double> pop(700, 2700), missing(0, 1);
        for (std::size_t i = 0; i < districts; ++i)
            d.population.push_back(pop(rng));
        for (int k = 0; k < 14; ++k) {
            std::vector<double> v(districts);
            for (auto& x : v)
                x = missing(rng) < 0.03 ? std::numeric_limits<double>::quiet_NaN() : share(rng);
            d.area_values.push_back(std::move(v));
        }
        for (int k = 0; k < 6; ++k) {
            std::vector<double> c(districts);
            for (std::size_t i = 0; i < districts; ++i)
                c[i] = static_cast<double>(std::poisson_distribution<int>(d.population[i] * 0.01 * (k + 1))(rng));
            d.counts.push_back(std::move(c));
        }
        return d;
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

}  // namespace

BENCHMARK_MAIN();
