// SPDX-License-Identifier: MIT
#pragma once
// Kernel density estimation on a raster (the `kde` stage's core).
//
// Kernels (h = radius, u = d/h, zero for u > 1; "scaled" constants make each integrate to 1 over
// the disc, as QGIS's heatmap and EXPECTED.md D1 define them):
//   uniform       1/(πh²)
//   triangular    3/(πh²)·(1−u)
//   epanechnikov  2/(πh²)·(1−u²)
//   quartic       3/(πh²)·(1−u²)²          (QGIS 3.22 uses 116/(5πh²)·15/16 = 7.25× this)
//   triweight     4/(πh²)·(1−u²)³
//   gaussian      exp(−d²/(2σ²)) / (2πσ²·(1−e^{−4.5})), σ = h/3: truncated at 3σ = h and
//                 renormalised so the truncated kernel integrates to 1.
//
// Evaluation: points are binned to pixels (a point counts at the centre of the pixel it falls
// in: discretisation error ≤ half a pixel), then every non-empty pixel is spread with a
// precomputed kernel stencil of pixel-centre distances. Output rows are split into fixed bands
// processed in parallel; each output pixel sums its sources in row-major source order, so the
// result is bit-identical whatever the thread count.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace trygg::core {
class CancelToken;
}

namespace trygg::stats {

enum class Kernel { quartic, triangular, uniform, triweight, epanechnikov, gaussian };

Kernel parse_kernel(const std::string& name);
std::string to_string(Kernel k);

// Kernel value at distance d for radius h, scaled to integrate to 1 (units 1/m²).
double kernel_value(Kernel k, double d, double h);

// North-up raster: pixel (col, row) covers [x0 + col·p, x0 + (col+1)·p) × (y0 − (row+1)·p, y0 − row·p].
struct RasterGeometry {
    double origin_x = 0;  // west edge
    double origin_y = 0;  // north edge
    double pixel = 1;     // square pixel size, metres
    std::int64_t cols = 0, rows = 0;

    core::Box extent() const
    {
        return {origin_x, origin_y - static_cast<double>(rows) * pixel, origin_x + static_cast<double>(cols) * pixel,
                origin_y};
    }
    std::size_t size() const { return static_cast<std::size_t>(cols * rows); }
};

// QGIS heatmap extent convention: the points' bounding box grown by the radius on every side;
// origin at its (west, north) corner; cols = ceil(width/p)+1, rows = ceil(height/p)+1.
RasterGeometry qgis_extent(const core::Box& points, double radius, double pixel);
// The box snapped outward to multiples of the pixel size (aligns with SCB cells when the pixel
// divides 250 m), grown by `margin` first.
RasterGeometry aligned_extent(const core::Box& box, double pixel, double margin = 0.0);

enum class KdeOutput { density_per_km2, expected_count };

struct KdeOptions {
    Kernel kernel = Kernel::quartic;
    double radius = 0;  // metres; must be > 0 (see automatic_radius)
    KdeOutput output = KdeOutput::density_per_km2;
    unsigned threads = 0;  // 0: hardware concurrency
    // Checked between bands of rows: a cancelled run stops within a band, not after the raster.
    const core::CancelToken* cancel = nullptr;
};

// ArcGIS's documented default search radius (Silverman-type rule):
//   h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2)
// SD = standard distance of the points from their (weighted) mean centre, Dm = (weighted)
// median distance to the mean centre, n = number of points (sum of weights when weighted).
double automatic_radius(const std::vector<double>& x, const std::vector<double>& y,
                        const std::vector<double>* weights = nullptr);

// Density on `raster`: per km² (integrates to Σw over the plane) or expected count per pixel
// (density × pixel area). Points outside the raster are ignored (their mass beyond the edge is
// lost, as in QGIS). Weights may be null (all 1).
std::vector<float> kernel_density(const RasterGeometry& raster, const std::vector<double>& x,
                                  const std::vector<double>& y, const std::vector<double>* weights,
                                  const KdeOptions& options);

// The same estimate computed the slow way (every pixel × every binned point), for tests.
std::vector<double> kernel_density_direct(const RasterGeometry& raster, const std::vector<double>& x,
                                          const std::vector<double>& y, const std::vector<double>* weights,
                                          const KdeOptions& options);

}  // namespace trygg::stats
