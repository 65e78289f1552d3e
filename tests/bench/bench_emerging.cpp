// SPDX-License-Identifier: MIT
// Emerging hot spots at scale (issue 19): 6,000 districts × 16 periods, each district with about
// six neighbours (a triangular lattice), space-time window 1 (so ~12 bins per neighbourhood),
// FDR over the 96,000 bins, Mann–Kendall of counts and z-scores, categories.
// Run: build/release/tests/bench/bench_emerging --benchmark_min_time=1x
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/emerging_hotspots.hpp>
#include <trygg/stats/permutation.hpp>

#include <benchmark/benchmark.h>

using namespace trygg;

namespace {

spatial::Weights triangular_lattice(std::size_t rows, std::size_t cols)
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            const auto i = static_cast<std::uint32_t>(r * cols + c);
            if (c + 1 < cols)
                pairs.emplace_back(i, i + 1);
            if (r + 1 < rows)
                pairs.emplace_back(i, static_cast<std::uint32_t>(i + cols));
            if (r + 1 < rows && c + 1 < cols)
                pairs.emplace_back(i, static_cast<std::uint32_t>(i + cols + 1));
        }
    return spatial::Weights::from_pairs(rows * cols, std::move(pairs));
}

void BM_EmergingHotspots6000x16(benchmark::State& state)
{
    const auto w = triangular_lattice(75, 80);  // 6,000 districts
    const std::size_t periods = 16;
    std::vector<double> counts(w.size() * periods);
    stats::SplitMix64 rng(19);
    for (std::size_t i = 0; i < w.size(); ++i)
        for (std::size_t t = 0; t < periods; ++t)  // a background with a rising block of hot districts
            counts[i * periods + t] = static_cast<double>(rng.below(20)) + (i % 80 < 8 && i / 80 < 8 ? 2.0 * static_cast<double>(t) : 0.0);
    stats::EmergingOptions o;
    o.window = 1;
    std::size_t patterned = 0;
    for (auto _ : state) {
        const auto r = stats::emerging_hotspots(w, counts, periods, o);
        patterned = 0;
        for (auto c : r.category)
            patterned += c != stats::EmergingCategory::none ? 1 : 0;
        benchmark::DoNotOptimize(r.z.data());
    }
    state.counters["districts"] = static_cast<double>(w.size());
    state.counters["bins"] = static_cast<double>(counts.size());
    state.counters["with_pattern"] = static_cast<double>(patterned);
}
BENCHMARK(BM_EmergingHotspots6000x16)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
