// SPDX-License-Identifier: MIT
#include <trygg/stats/grid_gistar.hpp>

#include <trygg/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace trygg::stats {

namespace {

constexpr double band_tolerance = 1e-9;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Offsets (dc, dr) of lattice cells whose centre is within `distance` of a cell in a column of
// absolute parity `parity`; self included.
struct Run {
    std::int64_t dc, dr_lo, dr_hi;
};

std::vector<std::pair<std::int64_t, std::int64_t>> stencil(const spatial::Grid& g, int parity, double distance)
{
    const double s = g.spec().cell_size;
    const auto reach = static_cast<std::int64_t>(std::ceil(distance / (g.spec().shape == spatial::CellShape::square
                                                                           ? s
                                                                           : 1.5 * s / std::sqrt(3.0)))) + 1;
    // A reference column of the wanted parity relative to lattice column 0 (hexagon columns
    // alternate; centre() accepts any integers).
    const std::int64_t c0 = parity;
    const core::Point o = g.centre(c0, 0);
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    const double limit = distance * (1 + band_tolerance);
    for (std::int64_t dc = -reach; dc <= reach; ++dc)
        for (std::int64_t dr = -reach - 1; dr <= reach + 1; ++dr) {
            const core::Point q = g.centre(c0 + dc, dr);
            if (std::hypot(q.x - o.x, q.y - o.y) <= limit)
                out.emplace_back(dc, dr);
        }
    return out;
}

std::vector<Run> runs_of(std::vector<std::pair<std::int64_t, std::int64_t>> offsets)
{
    std::sort(offsets.begin(), offsets.end());
    std::vector<Run> runs;
    for (const auto& [dc, dr] : offsets) {
        if (!runs.empty() && runs.back().dc == dc && runs.back().dr_hi + 1 == dr)
            runs.back().dr_hi = dr;
        else
            runs.push_back({dc, dr, dr});
    }
    return runs;
}

}  // namespace

double two_sided_p(double z)
{
    return std::erfc(std::abs(z) / std::sqrt(2.0));
}

double fdr_threshold(std::vector<double> p, double alpha)
{
    p.erase(std::remove_if(p.begin(), p.end(), [](double v) { return !std::isfinite(v); }), p.end());
    const auto n = static_cast<double>(p.size());
    if (p.empty())
        return alpha;
    std::sort(p.begin(), p.end());
    double cut = alpha / n;
    for (std::size_t k = 1; k <= p.size(); ++k) {
        const double t = static_cast<double>(k) * alpha / n;
        if (p[k - 1] < t)  // strict, as esda (EXPECTED.md F1)
            cut = t;
    }
    return cut;
}

std::int8_t gi_bin(double z, double p, double cut90, double cut95, double cut99)
{
    if (!std::isfinite(z) || !std::isfinite(p))
        return 0;
    const std::int8_t sign = z > 0 ? 1 : -1;
    if (p <= cut99)
        return static_cast<std::int8_t>(3 * sign);
    if (p <= cut95)
        return static_cast<std::int8_t>(2 * sign);
    if (p <= cut90)
        return sign;
    return 0;
}

double automatic_band(const spatial::Grid& grid)
{
    return band_for_k(grid, 8);
}

double band_for_k(const spatial::Grid& grid, int k)
{
    if (k < 1)
        throw core::PipelineError("grid_hotspots: k must be at least 1");
    // Distinct centre distances from a reference cell, ascending; count cells within each.
    const double s = grid.spec().cell_size;
    const auto reach = static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(k)))) + 2;
    std::vector<double> d;
    const core::Point o = grid.centre(0, 0);
    for (std::int64_t dc = -2 * reach; dc <= 2 * reach; ++dc)
        for (std::int64_t dr = -2 * reach; dr <= 2 * reach; ++dr)
            if (dc != 0 || dr != 0) {
                const core::Point q = grid.centre(dc, dr);
                d.push_back(std::hypot(q.x - o.x, q.y - o.y));
            }
    std::sort(d.begin(), d.end());
    (void)s;
    return d[static_cast<std::size_t>(k - 1)];
}

GridHotspotResult grid_gi_star(const spatial::Grid& grid, const std::vector<double>& values,
                               const GridHotspotOptions& options)
{
    if (values.size() != grid.lattice_size())
        throw core::DataError("grid_hotspots: value vector does not match the grid");
    GridHotspotResult res;
    res.distance = options.k > 0 ? band_for_k(grid, options.k)
                                 : (options.distance > 0 ? options.distance : automatic_band(grid));
    const std::int64_t cols = grid.cols(), rows = grid.rows();
    const auto& mask = grid.mask();
    const std::size_t N = grid.lattice_size();
    res.z.assign(N, nan);
    res.p.assign(N, nan);
    res.bin.assign(N, 0);
    res.neighbours.assign(N, 0);

    // Global moments over in-cells.
    double n = 0, sx = 0, sxx = 0;
    for (std::size_t i : grid.cells()) {
        n += 1;
        sx += values[i];
        sxx += values[i] * values[i];
    }
    if (n < 3)
        throw core::DataError("grid_hotspots: fewer than 3 cells in the study area");
    const double mean = sx / n;
    const double S = std::sqrt(std::max(0.0, sxx / n - mean * mean));

    // Column-major prefix sums of masked values and of the mask: P[c*(rows+1) + r] = Σ_{r'<r}.
    const auto R1 = static_cast<std::size_t>(rows + 1);
    std::vector<double> pv(static_cast<std::size_t>(cols) * R1, 0.0), pm(pv.size(), 0.0);
    for (std::int64_t c = 0; c < cols; ++c) {
        double av = 0, am = 0;
        const auto base = static_cast<std::size_t>(c) * R1;
        for (std::int64_t r = 0; r < rows; ++r) {
            const auto i = grid.index(c, r);
            if (mask[i]) {
                av += values[i];
                am += 1;
            }
            pv[base + static_cast<std::size_t>(r) + 1] = av;
            pm[base + static_cast<std::size_t>(r) + 1] = am;
        }
    }
    const std::vector<Run> runs[2] = {runs_of(stencil(grid, 0, res.distance)),
                                      runs_of(stencil(grid, 1, res.distance))};

    for (std::size_t i : grid.cells()) {
        const auto c = static_cast<std::int64_t>(i) % cols, r = static_cast<std::int64_t>(i) / cols;
        const int par = grid.spec().shape == spatial::CellShape::square ? 0 : static_cast<int>(c % 2);
        double lag = 0, w = 0;
        for (const Run& run : runs[par]) {
            const std::int64_t cc = c + run.dc;
            if (cc < 0 || cc >= cols)
                continue;
            const std::int64_t lo = std::clamp<std::int64_t>(r + run.dr_lo, 0, rows);
            const std::int64_t hi = std::clamp<std::int64_t>(r + run.dr_hi + 1, 0, rows);
            if (hi <= lo)
                continue;
            const auto base = static_cast<std::size_t>(cc) * R1;
            lag += pv[base + static_cast<std::size_t>(hi)] - pv[base + static_cast<std::size_t>(lo)];
            w += pm[base + static_cast<std::size_t>(hi)] - pm[base + static_cast<std::size_t>(lo)];
        }
        res.neighbours[i] = static_cast<std::int32_t>(w);
        const double den = S * std::sqrt((n * w - w * w) / (n - 1));
        if (den > 0) {
            res.z[i] = (lag - mean * w) / den;
            res.p[i] = two_sided_p(res.z[i]);
        }
    }
    std::vector<double> ps;
    ps.reserve(grid.cell_count());
    for (std::size_t i : grid.cells())
        ps.push_back(res.p[i]);
    res.cutoff_90 = options.fdr ? fdr_threshold(ps, 0.10) : 0.10;
    res.cutoff_95 = options.fdr ? fdr_threshold(ps, 0.05) : 0.05;
    res.cutoff_99 = options.fdr ? fdr_threshold(ps, 0.01) : 0.01;
    for (std::size_t i : grid.cells())
        res.bin[i] = gi_bin(res.z[i], res.p[i], res.cutoff_90, res.cutoff_95, res.cutoff_99);
    return res;
}

std::vector<double> gi_star_direct(const std::vector<core::Point>& points, const std::vector<double>& values,
                                   double distance)
{
    const std::size_t n = points.size();
    double sx = 0, sxx = 0;
    for (double v : values) {
        sx += v;
        sxx += v * v;
    }
    const double nn = static_cast<double>(n);
    const double mean = sx / nn;
    const double S = std::sqrt(sxx / nn - mean * mean);
    const double limit = distance * (1 + band_tolerance);
    std::vector<double> z(n, nan);
    for (std::size_t i = 0; i < n; ++i) {
        double lag = 0, w = 0;
        for (std::size_t j = 0; j < n; ++j)
            if (std::hypot(points[i].x - points[j].x, points[i].y - points[j].y) <= limit) {
                lag += values[j];
                w += 1;
            }
        const double den = S * std::sqrt((nn * w - w * w) / (nn - 1));
        if (den > 0)
            z[i] = (lag - mean * w) / den;
    }
    return z;
}

}  // namespace trygg::stats
