// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/stats/kernel_density.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <random>

using namespace trygg;
using stats::Kernel;

namespace {

const double pi = std::numbers::pi;

// EXPECTED.md D1 (QGIS heatmap, scaled), written out independently of kernel_value().
double d1(Kernel k, double d, double h)
{
    if (d > h)
        return 0;
    const double u = d / h;
    switch (k) {
    case Kernel::uniform: return 1 / (pi * h * h);
    case Kernel::quartic: return 3 / (pi * h * h) * std::pow(1 - u * u, 2);
    case Kernel::triweight: return 4 / (pi * h * h) * std::pow(1 - u * u, 3);
    case Kernel::epanechnikov: return 2 / (pi * h * h) * (1 - u * u);
    case Kernel::triangular: return 3 / (pi * h * h) * (1 - u);
    case Kernel::gaussian: {
        const double s = h / 3;  // documented: σ = h/3, truncated at h, renormalised
        return std::exp(-d * d / (2 * s * s)) / (2 * pi * s * s * (1 - std::exp(-4.5)));
    }
    }
    return NAN;
}

const Kernel all_kernels[] = {Kernel::quartic, Kernel::triangular, Kernel::uniform,
                              Kernel::triweight, Kernel::epanechnikov, Kernel::gaussian};

stats::RasterGeometry raster_101()
{
    // 101 × 101 pixels of 10 m, west edge 1000, north edge 3000; centre pixel (50,50) at (1505, 2495).
    return {1000.0, 3000.0, 10.0, 101, 101};
}

}  // namespace

TEST(Kde, SinglePointIntegratesToOneForEveryKernel)
{
    const auto r = raster_101();
    for (Kernel k : all_kernels) {
        stats::KdeOptions o{k, 403.0, stats::KdeOutput::density_per_km2, 1};
        const auto v = stats::kernel_density(r, {1505.0}, {2495.0}, nullptr, o);
        double sum = 0;
        for (float f : v)
            sum += f;
        const double integral = sum * r.pixel * r.pixel / 1e6;  // density per km² × pixel area in km²
        // Discretisation error of a disc of ~40 pixels radius: the pixel count of a disc differs
        // from its area (Gauss circle problem), largest for the flat uniform kernel (~0.1 %).
        EXPECT_NEAR(integral, 1.0, 0.002) << stats::to_string(k);
    }
}

TEST(Kde, D1FormulasHoldPixelByPixel)
{
    const auto r = raster_101();
    const double h = 257.0;
    for (Kernel k : all_kernels) {
        stats::KdeOptions o{k, h, stats::KdeOutput::density_per_km2, 2};
        const auto v = stats::kernel_density(r, {1505.0}, {2495.0}, nullptr, o);
        for (std::int64_t row = 0; row < r.rows; ++row)
            for (std::int64_t col = 0; col < r.cols; ++col) {
                const double d = std::hypot(static_cast<double>(col - 50) * 10.0, static_cast<double>(row - 50) * 10.0);
                const double want = d1(k, d, h) * 1e6;
                const float got = v[static_cast<std::size_t>(row * r.cols + col)];
                ASSERT_NEAR(got, want, 1e-6 * std::abs(want) + 1e-12) << stats::to_string(k) << " " << col << "," << row;
            }
    }
}

TEST(Kde, ExpectedCountsSumToWeightedPointCount)
{
    const auto r = raster_101();
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> ux(1300, 1700), uy(2300, 2700), uw(0.5, 2.0);
    std::vector<double> x(200), y(200), w(200);
    double total = 0;
    for (int i = 0; i < 200; ++i) {
        x[i] = ux(rng);
        y[i] = uy(rng);
        w[i] = uw(rng);
        total += w[i];
    }
    stats::KdeOptions o{Kernel::epanechnikov, 151.0, stats::KdeOutput::expected_count, 2};
    const auto v = stats::kernel_density(r, x, y, &w, o);
    double sum = 0;
    for (float f : v)
        sum += f;
    EXPECT_NEAR(sum / total, 1.0, 0.01);
}

TEST(Kde, StencilEvaluationEqualsDirectSum)
{
    const stats::RasterGeometry r{0.0, 600.0, 7.0, 90, 80};
    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> ux(-50, 680), uy(0, 650), uw(0, 3);
    std::vector<double> x(150), y(150), w(150);
    for (int i = 0; i < 150; ++i) {
        x[i] = ux(rng);
        y[i] = uy(rng);
        w[i] = uw(rng);
    }
    for (Kernel k : all_kernels) {
        stats::KdeOptions o{k, 61.3, stats::KdeOutput::density_per_km2, 3};
        const auto fast = stats::kernel_density(r, x, y, &w, o);
        const auto slow = stats::kernel_density_direct(r, x, y, &w, o);
        for (std::size_t i = 0; i < fast.size(); ++i)
            ASSERT_NEAR(fast[i], slow[i], 1e-6 * std::abs(slow[i]) + 1e-9) << stats::to_string(k) << " " << i;
    }
}

TEST(Kde, ResultIsIdenticalWhateverTheThreadCount)
{
    const stats::RasterGeometry r{0.0, 3000.0, 5.0, 600, 600};
    std::mt19937_64 rng(1);
    std::normal_distribution<double> n(1500, 400);
    std::vector<double> x(5000), y(5000);
    for (int i = 0; i < 5000; ++i) {
        x[i] = n(rng);
        y[i] = n(rng);
    }
    stats::KdeOptions o{Kernel::quartic, 120.0, stats::KdeOutput::density_per_km2, 1};
    const auto a = stats::kernel_density(r, x, y, nullptr, o);
    o.threads = 2;
    const auto b = stats::kernel_density(r, x, y, nullptr, o);
    o.threads = 5;
    const auto c = stats::kernel_density(r, x, y, nullptr, o);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
    EXPECT_EQ(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0);
}

TEST(Kde, AutomaticRadiusByHand)
{
    // Square of side 2: mean centre (1,1); every distance √2 → SD = √2, Dm = √2;
    // h = 0.9 · min(√2, √(1/ln2)·√2) · 4^(−0.2).
    const double h = stats::automatic_radius({0, 2, 0, 2}, {0, 0, 2, 2});
    EXPECT_NEAR(h, 0.9 * std::sqrt(2.0) * std::pow(4.0, -0.2), 1e-12);
}

TEST(Kde, ExtentConventions)
{
    // QGIS: bbox grown by the radius, cols = ceil(w/p)+1.
    const auto q = stats::qgis_extent({100, 200, 350, 260}, 50, 10);
    EXPECT_DOUBLE_EQ(q.origin_x, 50);
    EXPECT_DOUBLE_EQ(q.origin_y, 310);
    EXPECT_EQ(q.cols, 36);  // (250+100)/10 + 1
    EXPECT_EQ(q.rows, 17);  // (60+100)/10 + 1
    const auto a = stats::aligned_extent({587412, 6612345, 589001, 6613999}, 25);
    EXPECT_DOUBLE_EQ(a.origin_x, 587400);
    EXPECT_DOUBLE_EQ(a.origin_y, 6614000);
    EXPECT_EQ(a.cols, 65);  // 587400..589025
    EXPECT_EQ(a.rows, 67);  // 6612325..6614000
}

TEST(Kde, RadiusFarBeyondTheRasterNeedsNoHugeKernel)
{
    // A radius of 1e12 m on a 10 x 10 raster: every pixel gets the uniform density of the one
    // point, 1 / (pi h^2) per m² (hand value), and nothing asks for a 1e12-pixel stencil.
    stats::RasterGeometry r{0, 100, 10, 10, 10};
    stats::KdeOptions o;
    o.kernel = Kernel::uniform;
    o.radius = 1e12;
    o.output = stats::KdeOutput::density_per_km2;
    const auto v = stats::kernel_density(r, {55}, {45}, nullptr, o);
    ASSERT_EQ(v.size(), 100u);
    for (float x : v)
        EXPECT_NEAR(x, 1e6 / (pi * 1e24), 1e-6 * 1e6 / (pi * 1e24));
}

TEST(Kde, KernelWiderThanTheLimitIsRefusedBeforeAllocating)
{
    // 6,000 pixels across and a radius reaching all of them: a 12,001² stencil is refused.
    stats::RasterGeometry r{0, 1, 1, 6000, 1};
    stats::KdeOptions o;
    o.radius = 1e5;
    EXPECT_THROW(stats::kernel_density(r, {0.5}, {0.5}, nullptr, o), core::PipelineError);
}
