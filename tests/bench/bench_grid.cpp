// SPDX-License-Identifier: MIT
// Hotspot layers at scale: KDE of 1,000,000 points on a 2,001 × 2,001 raster (10 m pixels,
// radius 500 m, quartic — the raster QGIS's heatmap builds for the same points), and grid Gi*
// on 1,000,000 cells (1000 × 1000 squares of 250 m, automatic band).
// Point recipe = scripts in the report (numpy, seed 42): 200 Gaussian clusters + 30 % uniform
// background over a 19 km square; here with std::mt19937_64 (same distribution, not the same draws).
#include <trygg/spatial/grid.hpp>
#include <trygg/stats/grid_gistar.hpp>
#include <trygg/stats/kernel_density.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

using namespace trygg;

namespace {

struct Points {
    std::vector<double> x, y;
};

const Points& clustered_points()
{
    static const Points pts = [] {
        Points p;
        const std::size_t n = 1'000'000;
        const double x0 = 580000, y0 = 6600000, w = 19000;
        std::mt19937_64 rng(42);
        std::uniform_real_distribution<double> u(0, 1);
        std::normal_distribution<double> g(0, 1);
        const int k = 200;
        std::vector<double> cx(k), cy(k), sd(k);
        for (int i = 0; i < k; ++i) {
            cx[i] = x0 + u(rng) * w;
            cy[i] = y0 + u(rng) * w;
            sd[i] = 100 + u(rng) * 1400;
        }
        p.x.resize(n);
        p.y.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            double x, y;
            if (u(rng) < 0.3) {
                x = x0 + u(rng) * w;
                y = y0 + u(rng) * w;
            } else {
                const auto c = static_cast<std::size_t>(u(rng) * k) % k;
                x = cx[c] + g(rng) * sd[c];
                y = cy[c] + g(rng) * sd[c];
            }
            p.x[i] = std::clamp(x, x0, x0 + w);
            p.y[i] = std::clamp(y, y0, y0 + w);
        }
        return p;
    }();
    return pts;
}

void BM_KdeQuartic1M(benchmark::State& state)
{
    const auto& p = clustered_points();
    core::Box box;
    for (std::size_t i = 0; i < p.x.size(); ++i)
        box.expand(core::Point{p.x[i], p.y[i]});
    const auto raster = stats::qgis_extent(box, 500.0, 10.0);
    stats::KdeOptions o{stats::Kernel::quartic, 500.0, stats::KdeOutput::density_per_km2,
                        static_cast<unsigned>(state.range(0))};
    for (auto _ : state) {
        auto v = stats::kernel_density(raster, p.x, p.y, nullptr, o);
        benchmark::DoNotOptimize(v.data());
    }
    state.counters["cols"] = static_cast<double>(raster.cols);
    state.counters["rows"] = static_cast<double>(raster.rows);
}
BENCHMARK(BM_KdeQuartic1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

void BM_GridGiStar1M(benchmark::State& state)
{
    const core::Box box{500000, 6500000, 500000 + 250000 - 1, 6500000 + 250000 - 1};
    const auto grid = spatial::Grid::over_box({spatial::CellShape::square, 250.0}, box);
    std::mt19937_64 rng(1);
    std::poisson_distribution<int> pois(3.0);
    std::vector<double> v(grid.lattice_size());
    for (auto& x : v)
        x = pois(rng);
    stats::GridHotspotOptions o;
    o.distance = static_cast<double>(state.range(0));
    for (auto _ : state) {
        auto r = stats::grid_gi_star(grid, v, o);
        benchmark::DoNotOptimize(r.z.data());
    }
    state.counters["cells"] = static_cast<double>(grid.cell_count());
}
BENCHMARK(BM_GridGiStar1M)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
