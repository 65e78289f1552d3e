// SPDX-License-Identifier: MIT
#include <trygg/stats/kernel_density.hpp>

#include <trygg/core/error.hpp>
#include <trygg/core/progress.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>

namespace trygg::stats {

Kernel parse_kernel(const std::string& name)
{
    if (name == "quartic" || name == "biweight")
        return Kernel::quartic;
    if (name == "triangular")
        return Kernel::triangular;
    if (name == "uniform")
        return Kernel::uniform;
    if (name == "triweight")
        return Kernel::triweight;
    if (name == "epanechnikov")
        return Kernel::epanechnikov;
    if (name == "gaussian")
        return Kernel::gaussian;
    throw core::PipelineError("unknown kernel '" + name +
                              "' (quartic, triangular, uniform, triweight, epanechnikov, gaussian)");
}

std::string to_string(Kernel k)
{
    switch (k) {
    case Kernel::quartic: return "quartic";
    case Kernel::triangular: return "triangular";
    case Kernel::uniform: return "uniform";
    case Kernel::triweight: return "triweight";
    case Kernel::epanechnikov: return "epanechnikov";
    case Kernel::gaussian: return "gaussian";
    }
    return "?";
}

double kernel_value(Kernel k, double d, double h)
{
    if (!(d <= h))
        return 0.0;
    const double pi = std::numbers::pi;
    const double u = d / h;
    const double a = 1.0 - u * u;
    const double h2 = h * h;
    switch (k) {
    case Kernel::uniform: return 1.0 / (pi * h2);
    case Kernel::triangular: return 3.0 / (pi * h2) * (1.0 - u);
    case Kernel::epanechnikov: return 2.0 / (pi * h2) * a;
    case Kernel::quartic: return 3.0 / (pi * h2) * a * a;
    case Kernel::triweight: return 4.0 / (pi * h2) * a * a * a;
    case Kernel::gaussian: {
        const double sigma = h / 3.0;
        const double s2 = sigma * sigma;
        return std::exp(-d * d / (2.0 * s2)) / (2.0 * pi * s2 * (1.0 - std::exp(-4.5)));
    }
    }
    return 0.0;
}

RasterGeometry qgis_extent(const core::Box& points, double radius, double pixel)
{
    RasterGeometry g;
    const double w = (points.max_x - points.min_x) + 2 * radius;
    const double h = (points.max_y - points.min_y) + 2 * radius;
    g.origin_x = points.min_x - radius;
    g.origin_y = points.max_y + radius;
    g.pixel = pixel;
    g.cols = std::max<std::int64_t>(static_cast<std::int64_t>(std::ceil(w / pixel)) + 1, 1);
    g.rows = std::max<std::int64_t>(static_cast<std::int64_t>(std::ceil(h / pixel)) + 1, 1);
    return g;
}

RasterGeometry aligned_extent(const core::Box& box, double pixel, double margin)
{
    RasterGeometry g;
    const double x0 = std::floor((box.min_x - margin) / pixel) * pixel;
    const double y0 = std::floor((box.min_y - margin) / pixel) * pixel;
    const double x1 = std::ceil((box.max_x + margin) / pixel) * pixel;
    const double y1 = std::ceil((box.max_y + margin) / pixel) * pixel;
    g.origin_x = x0;
    g.origin_y = y1;
    g.pixel = pixel;
    g.cols = std::max<std::int64_t>(std::llround((x1 - x0) / pixel), 1);
    g.rows = std::max<std::int64_t>(std::llround((y1 - y0) / pixel), 1);
    return g;
}

double automatic_radius(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>* weights)
{
    double sw = 0, mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double w = weights ? (*weights)[i] : 1.0;
        sw += w;
        mx += w * x[i];
        my += w * y[i];
    }
    if (!(sw > 0))
        throw core::DataError("kde: no points to choose a radius from");
    mx /= sw;
    my /= sw;
    std::vector<std::pair<double, double>> dw(x.size());
    double ss = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double w = weights ? (*weights)[i] : 1.0;
        const double dx = x[i] - mx, dy = y[i] - my;
        ss += w * (dx * dx + dy * dy);
        dw[i] = {std::sqrt(dx * dx + dy * dy), w};
    }
    const double sd = std::sqrt(ss / sw);
    std::sort(dw.begin(), dw.end());
    double acc = 0, median = dw.back().first;
    for (const auto& [d, w] : dw) {
        acc += w;
        if (acc >= sw / 2) {
            median = d;
            break;
        }
    }
    const double h = 0.9 * std::min(sd, std::sqrt(1.0 / std::log(2.0)) * median) * std::pow(sw, -0.2);
    if (!(h > 0))
        throw core::DataError("kde: all points coincide; give a radius");
    return h;
}

namespace {

double output_scale(const RasterGeometry& r, const KdeOptions& o)
{
    return o.output == KdeOutput::density_per_km2 ? 1e6 : r.pixel * r.pixel;
}

void check(const RasterGeometry& raster, const KdeOptions& o)
{
    if (!(o.radius > 0) || !std::isfinite(o.radius))
        throw core::PipelineError("kde: radius must be a positive number of metres");
    if (!(raster.pixel > 0) || raster.cols <= 0 || raster.rows <= 0)
        throw core::PipelineError("kde: pixel size and raster dimensions must be positive");
}

// Pixel of (x, y), false when outside the raster.
bool pixel_of(const RasterGeometry& r, double x, double y, std::int64_t& col, std::int64_t& row)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        return false;
    const double fc = std::floor((x - r.origin_x) / r.pixel);
    const double fr = std::floor((r.origin_y - y) / r.pixel);
    if (fc < 0 || fr < 0 || fc >= static_cast<double>(r.cols) || fr >= static_cast<double>(r.rows))
        return false;
    col = static_cast<std::int64_t>(fc);
    row = static_cast<std::int64_t>(fr);
    return true;
}

}  // namespace

std::vector<float> kernel_density(const RasterGeometry& raster, const std::vector<double>& x,
                                  const std::vector<double>& y, const std::vector<double>* weights,
                                  const KdeOptions& options)
{
    check(raster, options);
    const std::int64_t cols = raster.cols, rows = raster.rows;
    // 1. Bin points to pixels (input order, so sums are deterministic).
    std::vector<double> binned(raster.size(), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        std::int64_t c, r;
        if (pixel_of(raster, x[i], y[i], c, r))
            binned[static_cast<std::size_t>(r * cols + c)] += weights ? (*weights)[i] : 1.0;
    }
    struct Source {
        std::int64_t row, col;
        double w;
    };
    std::vector<Source> sources;
    std::vector<std::size_t> row_start(static_cast<std::size_t>(rows) + 1, 0);
    for (std::int64_t r = 0; r < rows; ++r) {
        row_start[static_cast<std::size_t>(r)] = sources.size();
        for (std::int64_t c = 0; c < cols; ++c) {
            const double w = binned[static_cast<std::size_t>(r * cols + c)];
            if (w != 0.0)
                sources.push_back({r, c, w});
        }
    }
    row_start[static_cast<std::size_t>(rows)] = sources.size();
    binned = {};

    // 2. Stencil of kernel values at pixel-centre offsets, one row per dy with its column run.
    const double p = raster.pixel, h = options.radius;
    // Offsets beyond the raster reach no pixel, so the stencil never needs to be wider than the
    // raster (a radius of 1e12 m would otherwise ask for an impossible allocation).
    const auto b = static_cast<std::int64_t>(std::min(std::ceil(h / p), static_cast<double>(std::max(rows, cols))));
    const std::int64_t width = 2 * b + 1;
    if (static_cast<double>(width) * static_cast<double>(width) > 1e8)
        throw core::PipelineError("kde: a radius of " + std::to_string(std::lround(h)) + " m spans " +
                                  std::to_string(b) + " pixels of " + [p] { std::ostringstream o; o << p; return o.str(); }() +
                                  " m; the kernel would be too large (at most 5,000 pixels): use a larger pixel_size");
    const double scale = output_scale(raster, options);
    std::vector<double> stencil(static_cast<std::size_t>(width * width), 0.0);
    std::vector<std::int64_t> run(static_cast<std::size_t>(width), -1);  // half-width per dy (-1: empty)
    for (std::int64_t dy = -b; dy <= b; ++dy)
        for (std::int64_t dx = -b; dx <= b; ++dx) {
            const double d = p * std::sqrt(static_cast<double>(dx * dx + dy * dy));
            const double v = kernel_value(options.kernel, d, h) * scale;
            if (d <= h) {
                stencil[static_cast<std::size_t>((dy + b) * width + dx + b)] = v;
                auto& a = run[static_cast<std::size_t>(dy + b)];
                a = std::max(a, std::abs(dx));
            }
        }

    // 3. Spread, band by band of output rows. Each band visits sources in row-major order.
    std::vector<double> out(raster.size(), 0.0);
    constexpr std::int64_t band_rows = 32;
    const std::int64_t bands = (rows + band_rows - 1) / band_rows;
    std::atomic<std::int64_t> next{0};
    auto worker = [&] {
        for (;;) {
            const std::int64_t band = next.fetch_add(1);
            if (band >= bands || (options.cancel && options.cancel->cancelled()))
                return;
            const std::int64_t r0 = band * band_rows, r1 = std::min(rows, r0 + band_rows);
            const std::int64_t s_lo = std::max<std::int64_t>(0, r0 - b), s_hi = std::min(rows, r1 + b);
            for (std::size_t si = row_start[static_cast<std::size_t>(s_lo)];
                 si < row_start[static_cast<std::size_t>(s_hi)]; ++si) {
                // A band of a dense surface with a wide kernel is 10^8 additions: look for a
                // cancel inside it too (the partial band is thrown away by check() below).
                if (si % 256 == 0 && options.cancel && options.cancel->cancelled())
                    return;
                const Source& s = sources[si];
                const std::int64_t dy_lo = std::max(-b, r0 - s.row), dy_hi = std::min(b, r1 - 1 - s.row);
                for (std::int64_t dy = dy_lo; dy <= dy_hi; ++dy) {
                    const std::int64_t a = run[static_cast<std::size_t>(dy + b)];
                    if (a < 0)
                        continue;
                    const std::int64_t c_lo = std::max<std::int64_t>(0, s.col - a);
                    const std::int64_t c_hi = std::min(cols - 1, s.col + a);
                    double* o = out.data() + (s.row + dy) * cols;
                    const double* st = stencil.data() + (dy + b) * width + b;
                    const double w = s.w;
                    for (std::int64_t c = c_lo; c <= c_hi; ++c)
                        o[c] += w * st[c - s.col];
                }
            }
        }
    };
    unsigned n_threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    n_threads = static_cast<unsigned>(std::min<std::int64_t>(n_threads, bands));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n_threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    if (options.cancel)
        options.cancel->check();
    return std::vector<float>(out.begin(), out.end());
}

std::vector<double> kernel_density_direct(const RasterGeometry& raster, const std::vector<double>& x,
                                          const std::vector<double>& y, const std::vector<double>* weights,
                                          const KdeOptions& options)
{
    check(raster, options);
    const double scale = output_scale(raster, options);
    std::vector<double> out(raster.size(), 0.0);
    for (std::int64_t r = 0; r < raster.rows; ++r)
        for (std::int64_t c = 0; c < raster.cols; ++c) {
            const double px = raster.origin_x + (static_cast<double>(c) + 0.5) * raster.pixel;
            const double py = raster.origin_y - (static_cast<double>(r) + 0.5) * raster.pixel;
            double sum = 0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                std::int64_t pc, pr;
                if (!pixel_of(raster, x[i], y[i], pc, pr))
                    continue;
                // The point counts at the centre of its pixel (the documented binning).
                const double qx = raster.origin_x + (static_cast<double>(pc) + 0.5) * raster.pixel;
                const double qy = raster.origin_y - (static_cast<double>(pr) + 0.5) * raster.pixel;
                const double d = std::hypot(px - qx, py - qy);
                sum += (weights ? (*weights)[i] : 1.0) * kernel_value(options.kernel, d, options.radius);
            }
            out[static_cast<std::size_t>(r * raster.cols + c)] = sum * scale;
        }
    return out;
}

}  // namespace trygg::stats
