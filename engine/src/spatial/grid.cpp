// SPDX-License-Identifier: MIT
#include <trygg/spatial/grid.hpp>

#include <trygg/core/error.hpp>
#include <trygg/core/progress.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace trygg::spatial {

namespace {

constexpr double sqrt3 = 1.7320508075688772;

std::int64_t floor_div2(std::int64_t q) { return q >= 0 ? q / 2 : -((-q + 1) / 2); }
bool is_odd(std::int64_t q) { return (q % 2) != 0; }

// Does segment ab touch the convex polygon `poly` (closed ring)? Either an end lies inside or
// the segment crosses an edge.
double cross(const core::Point& o, const core::Point& a, const core::Point& b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool inside_convex(const core::Ring& ring, const core::Point& p)
{
    bool pos = false, neg = false;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double c = cross(ring[i], ring[i + 1], p);
        if (c > 0)
            pos = true;
        else if (c < 0)
            neg = true;
    }
    return !(pos && neg);
}

bool on_segment(const core::Point& a, const core::Point& b, const core::Point& p)
{
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
           p.y <= std::max(a.y, b.y);
}

bool segments_touch(const core::Point& a, const core::Point& b, const core::Point& c, const core::Point& d)
{
    const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return true;
    return (d1 == 0 && on_segment(c, d, a)) || (d2 == 0 && on_segment(c, d, b)) ||
           (d3 == 0 && on_segment(a, b, c)) || (d4 == 0 && on_segment(a, b, d));
}

bool segment_touches_convex(const core::Ring& ring, const core::Point& a, const core::Point& b)
{
    if (inside_convex(ring, a) || inside_convex(ring, b))
        return true;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        if (segments_touch(a, b, ring[i], ring[i + 1]))
            return true;
    return false;
}

core::Ring shrink(core::Ring ring, const core::Point& c, double f)
{
    for (auto& p : ring) {
        p.x -= (p.x - c.x) * f;
        p.y -= (p.y - c.y) * f;
    }
    return ring;
}

}  // namespace

CellShape parse_cell_shape(const std::string& name)
{
    if (name == "square")
        return CellShape::square;
    if (name == "hexagon" || name == "hex")
        return CellShape::hexagon;
    throw core::PipelineError("unknown cell shape '" + name + "' (square, hexagon)");
}

std::string scb_cell_id(double lower_left_x, double lower_left_y)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%06lld%07lld", static_cast<long long>(std::llround(lower_left_x)),
                  static_cast<long long>(std::llround(lower_left_y)));
    return buf;
}

void Grid::lattice_position(const core::Point& p, std::int64_t& col, std::int64_t& row) const
{
    // NaN or absurdly far points: a position outside any lattice (no float→int overflow).
    constexpr double far = 4e15;
    if (!(std::abs(p.x - spec_.origin_x) < far * spec_.cell_size) ||
        !(std::abs(p.y - spec_.origin_y) < far * spec_.cell_size)) {
        col = row = -(std::int64_t{1} << 62);
        return;
    }
    const double s = spec_.cell_size;
    const double dx = p.x - spec_.origin_x, dy = p.y - spec_.origin_y;
    if (spec_.shape == CellShape::square) {
        col = static_cast<std::int64_t>(std::floor(dx / s)) - col0_;
        row = static_cast<std::int64_t>(std::floor(dy / s)) - row0_;
        return;
    }
    // Flat-topped hexagons, axial coordinates (q, r) rounded in cube space; R = s/√3.
    const double R = s / sqrt3;
    const double qf = (2.0 / 3.0) * dx / R;
    const double rf = (-dx / 3.0 + sqrt3 / 3.0 * dy) / R;
    const double sf = -qf - rf;
    double q = std::round(qf), r = std::round(rf), t = std::round(sf);
    const double dq = std::abs(q - qf), dr = std::abs(r - rf), ds = std::abs(t - sf);
    if (dq > dr && dq > ds)
        q = -r - t;
    else if (dr > ds)
        r = -q - t;
    const auto qi = static_cast<std::int64_t>(q), ri = static_cast<std::int64_t>(r);
    col = qi - col0_;
    row = ri + floor_div2(qi) - row0_;
}

core::Point Grid::centre(std::int64_t col, std::int64_t row) const
{
    const double s = spec_.cell_size;
    const std::int64_t c = col + col0_, r = row + row0_;
    if (spec_.shape == CellShape::square)
        return {spec_.origin_x + (static_cast<double>(c) + 0.5) * s, spec_.origin_y + (static_cast<double>(r) + 0.5) * s};
    const double R = s / sqrt3;
    return {spec_.origin_x + 1.5 * R * static_cast<double>(c),
            spec_.origin_y + s * static_cast<double>(r) + (is_odd(c) ? 0.5 * s : 0.0)};
}

core::Point Grid::centre(std::size_t lattice_index) const
{
    const auto i = static_cast<std::int64_t>(lattice_index);
    return centre(i % cols_, i / cols_);
}

std::int64_t Grid::locate(const core::Point& p) const
{
    std::int64_t c, r;
    lattice_position(p, c, r);
    if (c < 0 || r < 0 || c >= cols_ || r >= rows_)
        return -1;
    const auto i = index(c, r);
    return mask_[i] ? static_cast<std::int64_t>(i) : -1;
}

core::Polygon Grid::polygon(std::size_t lattice_index) const
{
    const core::Point c = centre(lattice_index);
    core::Polygon poly;
    if (spec_.shape == CellShape::square) {
        const double h = spec_.cell_size / 2;
        poly.outer = {{c.x - h, c.y - h}, {c.x + h, c.y - h}, {c.x + h, c.y + h}, {c.x - h, c.y + h}, {c.x - h, c.y - h}};
        return poly;
    }
    const double R = spec_.cell_size / sqrt3;
    static const double cs[6] = {1, 0.5, -0.5, -1, -0.5, 0.5};
    static const double sn[6] = {0, sqrt3 / 2, sqrt3 / 2, 0, -sqrt3 / 2, -sqrt3 / 2};
    for (int k = 0; k < 6; ++k)
        poly.outer.push_back({c.x + R * cs[k], c.y + R * sn[k]});
    poly.outer.push_back(poly.outer.front());
    return poly;
}

std::string Grid::cell_id(std::size_t lattice_index) const
{
    const auto i = static_cast<std::int64_t>(lattice_index);
    const std::int64_t c = i % cols_ + col0_, r = i / cols_ + row0_;
    const double s = spec_.cell_size;
    if (spec_.shape == CellShape::square) {
        const double llx = spec_.origin_x + static_cast<double>(c) * s;
        const double lly = spec_.origin_y + static_cast<double>(r) * s;
        const bool scb = spec_.scb_ids && spec_.origin_x == 0 && spec_.origin_y == 0 && s == std::round(s);
        if (scb && llx >= 0 && llx < 1e6 && lly >= 0 && lly < 1e7)
            return scb_cell_id(llx, lly);
        char buf[96];
        if (s == std::round(s))
            std::snprintf(buf, sizeof buf, "%gm_E%.0f_N%.0f", s, llx, lly);
        else
            std::snprintf(buf, sizeof buf, "%gm_E%.3f_N%.3f", s, llx, lly);
        return buf;
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "hex%g_c%lld_r%lld", s, static_cast<long long>(c), static_cast<long long>(r));
    return buf;
}

double Grid::cell_area() const
{
    const double s = spec_.cell_size;
    return spec_.shape == CellShape::square ? s * s : s * s * sqrt3 / 2.0;
}

void Grid::init_lattice(const core::Box& box)
{
    if (!(spec_.cell_size > 0) || !std::isfinite(spec_.cell_size))
        throw core::PipelineError("grid: cell size must be a positive number of metres");
    if (box.empty())
        throw core::DataError("grid: the study area is empty");
    const double s = spec_.cell_size;
    const double ox = spec_.origin_x, oy = spec_.origin_y;
    std::int64_t c_lo, c_hi, r_lo, r_hi;
    if (spec_.shape == CellShape::square) {
        c_lo = static_cast<std::int64_t>(std::floor((box.min_x - ox) / s));
        c_hi = static_cast<std::int64_t>(std::floor((box.max_x - ox) / s));
        r_lo = static_cast<std::int64_t>(std::floor((box.min_y - oy) / s));
        r_hi = static_cast<std::int64_t>(std::floor((box.max_y - oy) / s));
    } else {
        // Offset columns are 1.5·R apart; offset rows are bands of height s. One cell of margin
        // covers hexagons whose centre lies outside the box but which reach into it.
        const double dxc = 1.5 * s / sqrt3;
        c_lo = static_cast<std::int64_t>(std::floor((box.min_x - ox) / dxc)) - 1;
        c_hi = static_cast<std::int64_t>(std::ceil((box.max_x - ox) / dxc)) + 1;
        r_lo = static_cast<std::int64_t>(std::floor((box.min_y - oy) / s)) - 1;
        r_hi = static_cast<std::int64_t>(std::floor((box.max_y - oy) / s)) + 1;
    }
    col0_ = c_lo;
    row0_ = r_lo;
    cols_ = c_hi - c_lo + 1;
    rows_ = r_hi - r_lo + 1;
    const double n = static_cast<double>(cols_) * static_cast<double>(rows_);
    if (n > 4e8)
        throw core::DataError("grid: " + std::to_string(static_cast<long long>(n)) +
                              " cells is too many; choose a larger cell size");
    mask_.assign(static_cast<std::size_t>(cols_ * rows_), 0);
}

void Grid::finish_mask()
{
    cells_.clear();
    for (std::size_t i = 0; i < mask_.size(); ++i)
        if (mask_[i])
            cells_.push_back(i);
}

Grid Grid::over_box(const GridSpec& spec, const core::Box& box)
{
    Grid g;
    g.spec_ = spec;
    g.init_lattice(box);
    std::fill(g.mask_.begin(), g.mask_.end(), std::uint8_t{1});
    g.finish_mask();
    return g;
}

Grid Grid::over(const GridSpec& spec, const core::MultiPolygon& area, const core::CancelToken* cancel)
{
    Grid g;
    g.spec_ = spec;
    g.init_lattice(core::bounds(area));
    std::vector<const core::Ring*> rings;
    for (const auto& poly : area) {
        rings.push_back(&poly.outer);
        for (const auto& h : poly.holes)
            rings.push_back(&h);
    }
    // 1. Cells whose centre is inside (even-odd over all rings: valid polygons do not overlap).
    //    Scanline per row and column parity, so the cost is rows × edges + cells.
    std::vector<double> xs;
    const int parities = spec.shape == CellShape::square ? 1 : 2;
    for (std::int64_t row = 0; row < g.rows_; ++row) {
        if (cancel)
            cancel->check();
        for (int par = 0; par < parities; ++par) {
            // First column with this absolute parity.
            std::int64_t first = 0;
            if (parities == 2 && (is_odd(g.col0_) != (par == 1)))
                first = 1;
            if (first >= g.cols_)
                continue;
            const double y = g.centre(first, row).y;
            xs.clear();
            for (const auto* ring : rings)
                for (std::size_t i = 0; i + 1 < ring->size(); ++i) {
                    const auto& a = (*ring)[i];
                    const auto& b = (*ring)[i + 1];
                    if ((a.y > y) != (b.y > y))
                        xs.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
                }
            std::sort(xs.begin(), xs.end());
            std::size_t k = 0;
            const std::int64_t step = parities;
            for (std::int64_t col = first; col < g.cols_; col += step) {
                const double x = g.centre(col, row).x;
                while (k < xs.size() && xs[k] < x)
                    ++k;
                if (k % 2 == 1)
                    g.mask_[g.index(col, row)] = 1;
            }
        }
    }
    // 2. Cells whose interior the boundary passes through (their centre may be outside).
    for (const auto* ring : rings)
        for (std::size_t i = 0; i + 1 < ring->size(); ++i) {
            const auto& a = (*ring)[i];
            const auto& b = (*ring)[i + 1];
            std::int64_t c1, r1, c2, r2;
            g.lattice_position({std::min(a.x, b.x), std::min(a.y, b.y)}, c1, r1);
            g.lattice_position({std::max(a.x, b.x), std::max(a.y, b.y)}, c2, r2);
            const std::int64_t m = 1;  // neighbours may touch at an edge or (hexagons) overhang
            for (std::int64_t r = std::max<std::int64_t>(0, std::min(r1, r2) - m - 1);
                 r <= std::min(g.rows_ - 1, std::max(r1, r2) + m + 1); ++r) {
                // A long edge at a fine cell size spans a box of 10^5 cells and more.
                if (cancel)
                    cancel->check();
                for (std::int64_t c = std::max<std::int64_t>(0, std::min(c1, c2) - m);
                     c <= std::min(g.cols_ - 1, std::max(c1, c2) + m); ++c) {
                    const auto idx = g.index(c, r);
                    if (g.mask_[idx])
                        continue;
                    // Shrunk by a hair: a cell that only touches the area along its edge is not in.
                    if (segment_touches_convex(shrink(g.polygon(idx).outer, g.centre(idx), 1e-9), a, b))
                        g.mask_[idx] = 1;
                }
            }
        }
    g.finish_mask();
    return g;
}

std::vector<double> count_points(const Grid& grid, const std::vector<double>& x, const std::vector<double>& y,
                                 const std::vector<double>* weights, std::size_t* outside)
{
    std::vector<double> counts(grid.lattice_size(), 0.0);
    std::size_t out = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const auto idx = grid.locate({x[i], y[i]});
        if (idx < 0 || !std::isfinite(x[i]) || !std::isfinite(y[i])) {
            ++out;
            continue;
        }
        counts[static_cast<std::size_t>(idx)] += weights ? (*weights)[i] : 1.0;
    }
    if (outside)
        *outside = out;
    return counts;
}

}  // namespace trygg::spatial
