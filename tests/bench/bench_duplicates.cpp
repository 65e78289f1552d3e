// SPDX-License-Identifier: MIT
// Duplicates across chunks (core::ChunkedDuplicates, issue 20): records with ids "P<n>" as in
// the DeSO points file, one in 100 repeating an earlier one, given in chunks as a streamed
// count would; only add() is timed (the chunk tables are built beforehand). Reports records/s
// and the bytes the index keeps per record.
//
//   build/release/tests/bench/bench_duplicates --benchmark_counters_tabular=true
#include <trygg/core/chunked_duplicates.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

using namespace trygg;

namespace {

core::IncidentTable chunk_of(std::size_t begin, std::size_t end)
{
    core::IncidentTable t;
    for (std::size_t r = begin; r < end; ++r) {
        const std::size_t k = r % 100 == 99 ? r / 2 : r;  // an earlier record again
        t.x.push_back(500000.0 + static_cast<double>(k % 100000));
        t.y.push_back(6500000.0 + static_cast<double>(k % 77777));
        t.time.push_back(static_cast<core::Minutes>(28000000 + k % 500000));
        t.has_clock.push_back(1);
        t.groups.push_back(1);
        t.sex.push_back(core::Sex::unknown);
        t.age.push_back(-1);
        t.status.push_back(core::LocationStatus::located);
        t.area_code.push_back(-1);
        t.source_row.push_back(static_cast<std::uint32_t>(r + 2));
        t.id.push_back("P" + std::to_string(k + 1));
        t.category.push_back(k % 3 ? "1201" : "0824");
    }
    return t;
}

void BM_ChunkedDuplicates(benchmark::State& state)
{
    const auto records = static_cast<std::size_t>(state.range(0)), chunk = static_cast<std::size_t>(state.range(1));
    std::vector<core::IncidentTable> chunks;
    for (std::size_t b = 0; b < records; b += chunk)
        chunks.push_back(chunk_of(b, std::min(records, b + chunk)));
    std::size_t entries = 0;
    for (auto _ : state) {
        core::ChunkedDuplicates dups(records);
        std::size_t repeats = 0;
        for (const auto& c : chunks)
            repeats += dups.add(c).exact.size();
        benchmark::DoNotOptimize(repeats);
        entries = dups.entries();
    }
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["B/record"] = 16.0 * static_cast<double>(entries) / static_cast<double>(records);
}

}  // namespace

BENCHMARK(BM_ChunkedDuplicates)->Args({4'000'000, 1'000'000})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
