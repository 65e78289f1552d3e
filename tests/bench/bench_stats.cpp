// SPDX-License-Identifier: MIT
// Spatial statistics at scale: local Moran with 999 permutations on 100,000 units and
// analytic Gi* on 1,000,000 units, each unit with about six neighbours (a triangular
// lattice: rook neighbours plus one diagonal). Targets on the 2-core machine: <= 5 s and <= 2 s.
// Run: build/release/tests/bench/bench_stats --benchmark_min_time=1x   (threads = 2)
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/getis_ord.hpp>
#include <trygg/stats/local_moran.hpp>
#include <trygg/stats/permutation.hpp>

#include <benchmark/benchmark.h>

#include <cmath>

using namespace trygg;

namespace {

// side × side triangular lattice: each interior unit has 6 neighbours.
spatial::Weights triangular_lattice(std::size_t side)
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    pairs.reserve(side * side * 3);
    for (std::size_t r = 0; r < side; ++r)
        for (std::size_t c = 0; c < side; ++c) {
            const auto i = static_cast<std::uint32_t>(r * side + c);
            if (c + 1 < side)
                pairs.emplace_back(i, i + 1);
            if (r + 1 < side)
                pairs.emplace_back(i, static_cast<std::uint32_t>(i + side));
            if (r + 1 < side && c + 1 < side)
                pairs.emplace_back(i, static_cast<std::uint32_t>(i + side + 1));
        }
    return spatial::Weights::from_pairs(side * side, std::move(pairs));
}

std::vector<double> values(std::size_t n)
{
    std::vector<double> y(n);
    stats::SplitMix64 rng(1);
    for (auto& v : y)
        v = static_cast<double>(rng.below(100000)) / 1000.0;  // non-negative, like rates
    return y;
}

void BM_LocalMoran999Permutations100k(benchmark::State& state)
{
    const auto w = triangular_lattice(317).row_standardised();  // 100,489 units
    const auto y = values(w.size());
    const auto threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto r = stats::local_moran(w, y, {999, 12345, threads});
        benchmark::DoNotOptimize(r.sim.data());
    }
    state.counters["units"] = static_cast<double>(w.size());
    state.counters["mean_neighbours"] = static_cast<double>(w.links()) / static_cast<double>(w.size());
}
BENCHMARK(BM_LocalMoran999Permutations100k)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_GiStarAnalytic1M(benchmark::State& state)
{
    const auto w = triangular_lattice(1000);  // 1,000,000 units, binary; the self weight is added inside
    const auto y = values(w.size());
    stats::GetisOrdOptions o;
    o.permutation.permutations = 0;
    for (auto _ : state) {
        auto r = stats::local_getis_ord(w, y, o);
        benchmark::DoNotOptimize(r.z.data());
    }
    state.counters["units"] = static_cast<double>(w.size());
}
BENCHMARK(BM_GiStarAnalytic1M)->Unit(benchmark::kSecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
