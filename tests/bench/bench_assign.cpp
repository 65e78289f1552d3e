// SPDX-License-Identifier: MIT
// Assignment throughput: 10 million points into 6,000 irregular polygons (a synthetic
// national-scale layer: a jittered lattice whose shared edges are wiggly polylines), after
// the index is built. Reports points/s per core and bytes per incident.
//
//   build/release/tests/bench/bench_assign --benchmark_counters_tabular=true
#include <trygg/core/incident_table.hpp>
#include <trygg/spatial/district_index.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <random>

using namespace trygg;

namespace {

constexpr int cols = 80, rows = 75;  // 6,000 polygons
constexpr double cell = 5000.0;      // 5 km: a 400 × 375 km layer
constexpr int wiggles = 12;          // points inserted along each shared edge

// Lattice vertex (i, j), jittered deterministically.
core::Point vertex(int i, int j)
{
    std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 1000003u + static_cast<std::uint64_t>(j));
    std::uniform_real_distribution<double> u(-0.3, 0.3);
    double dx = (i == 0 || i == cols) ? 0 : u(rng) * cell, dy = (j == 0 || j == rows) ? 0 : u(rng) * cell;
    return {500000 + i * cell + dx, 6200000 + j * cell + dy};
}

// The wiggly polyline between two lattice vertices, identical for both polygons sharing it.
std::vector<core::Point> edge(int i0, int j0, int i1, int j1)
{
    bool reversed = std::make_pair(i0, j0) > std::make_pair(i1, j1);
    if (reversed) {
        std::swap(i0, i1);
        std::swap(j0, j1);
    }
    auto a = vertex(i0, j0), b = vertex(i1, j1);
    std::mt19937_64 rng(static_cast<std::uint64_t>(i0 * 7919 + j0 * 104729 + i1 * 31 + j1));
    std::uniform_real_distribution<double> u(-0.04, 0.04);
    bool boundary = (i0 == i1 && (i0 == 0 || i0 == cols)) || (j0 == j1 && (j0 == 0 || j0 == rows));
    std::vector<core::Point> pts{a};
    for (int k = 1; k < wiggles; ++k) {
        double t = static_cast<double>(k) / wiggles;
        double off = boundary ? 0 : u(rng) * cell;
        pts.push_back({a.x + (b.x - a.x) * t - (b.y - a.y) / cell * off, a.y + (b.y - a.y) * t + (b.x - a.x) / cell * off});
    }
    pts.push_back(b);
    if (reversed)
        std::reverse(pts.begin(), pts.end());
    return pts;
}

std::vector<core::MultiPolygon> make_layer()
{
    std::vector<core::MultiPolygon> layer;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < cols; ++i) {
            core::Ring ring;
            auto append = [&](std::vector<core::Point> e) { ring.insert(ring.end(), e.begin(), e.end() - 1); };
            append(edge(i, j, i + 1, j));
            append(edge(i + 1, j, i + 1, j + 1));
            append(edge(i + 1, j + 1, i, j + 1));
            append(edge(i, j + 1, i, j));
            ring.push_back(ring.front());
            layer.push_back({core::Polygon{ring, {}}});
        }
    return layer;
}

struct Fixture {
    std::vector<core::MultiPolygon> layer = make_layer();
    spatial::DistrictIndex index{layer};
    core::IncidentTable table;
    std::vector<std::int32_t> district;
    explicit Fixture(std::size_t n)
    {
        std::mt19937_64 rng(1);
        std::uniform_real_distribution<double> ux(500000, 500000 + cols * cell), uy(6200000, 6200000 + rows * cell);
        table.x.resize(n);
        table.y.resize(n);
        table.time.assign(n, 0);
        table.has_clock.assign(n, 0);
        table.groups.assign(n, 1);
        table.sex.assign(n, core::Sex::unknown);
        table.age.assign(n, -1);
        table.status.assign(n, core::LocationStatus::located);
        table.area_code.assign(n, -1);
        table.source_row.assign(n, 0);
        for (std::size_t k = 0; k < n; ++k) {
            table.x[k] = ux(rng);
            table.y[k] = uy(rng);
        }
        district.resize(n);
    }
    double bytes_per_incident() const
    {
        const auto& t = table;
        std::size_t bytes = t.x.capacity() * 8 + t.y.capacity() * 8 + t.time.capacity() * 8 + t.has_clock.capacity() +
                            t.groups.capacity() * 2 + t.sex.capacity() + t.age.capacity() * 2 + t.status.capacity() +
                            t.area_code.capacity() * 4 + t.source_row.capacity() * 4 + district.capacity() * 4;
        return static_cast<double>(bytes) / static_cast<double>(t.x.size());
    }
};

Fixture& fixture()
{
    static Fixture f(10'000'000);
    return f;
}

void BM_AssignTenMillionInto6000Polygons(benchmark::State& state)
{
    auto& f = fixture();
    const auto threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        f.index.locate_all(f.table.x.data(), f.table.y.data(), f.table.x.size(), f.district.data(), threads);
        benchmark::DoNotOptimize(f.district.data());
    }
    const double n = static_cast<double>(f.table.x.size());
    state.counters["points_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["points_per_s_per_core"] = benchmark::Counter(n / threads, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["bytes_per_incident"] = f.bytes_per_incident();
    state.counters["index_MB"] = static_cast<double>(f.index.memory_bytes()) / 1e6;
}
BENCHMARK(BM_AssignTenMillionInto6000Polygons)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BuildIndex6000Polygons(benchmark::State& state)
{
    auto layer = make_layer();
    for (auto _ : state) {
        spatial::DistrictIndex index(layer);
        benchmark::DoNotOptimize(index.cell_count());
    }
}
BENCHMARK(BM_BuildIndex6000Polygons)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
