// SPDX-License-Identifier: MIT
#include <trygg/spatial/district_index.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

namespace trygg::spatial {

namespace {

template <typename F> void for_each_edge(const core::MultiPolygon& mp, F&& f)
{
    auto ring_edges = [&](const core::Ring& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i)
            f(r[i], r[i + 1]);
    };
    for (const auto& poly : mp) {
        ring_edges(poly.outer);
        for (const auto& h : poly.holes)
            ring_edges(h);
    }
}

}  // namespace

DistrictIndex::DistrictIndex(const std::vector<core::MultiPolygon>& polys)
{
    core::Box all;
    std::size_t total_edges = 0;
    for (const auto& mp : polys)
        add_district(mp, all, total_edges);
    if (all.empty()) {
        nx_ = ny_ = 0;
        return;
    }
    own_cell_centres(size_grid(all, total_edges));
    add_boundary_candidates(polys);
    owner_.clear();
    owner_.shrink_to_fit();
}

// One district's edges in canonical orientation, bucketed into horizontal slabs.
void DistrictIndex::add_district(const core::MultiPolygon& mp, core::Box& all, std::size_t& total_edges)
{
    District d{};
    auto b = core::bounds(mp);
    std::vector<Edge> edges;
    for_each_edge(mp, [&](const core::Point& a, const core::Point& c) {
        if (a.y == c.y)
            return;  // horizontal edges never cross a horizontal ray under the half-open rule
        edges.push_back(a.y < c.y ? Edge{a.x, a.y, c.x, c.y} : Edge{c.x, c.y, a.x, a.y});
    });
    total_edges += edges.size();
    d.slab_begin = static_cast<std::uint32_t>(slab_offsets_.size());
    if (edges.empty() || b.empty()) {
        d.min_x = d.min_y = 1;
        d.max_x = d.max_y = 0;  // contains nothing
        slab_offsets_.push_back(static_cast<std::uint32_t>(slab_edges_.size()));
        slab_offsets_.push_back(static_cast<std::uint32_t>(slab_edges_.size()));
        districts_.push_back(d);
        return;
    }
    all.expand(b);
    d.min_x = b.min_x;
    d.min_y = b.min_y;
    d.max_x = b.max_x;
    d.max_y = b.max_y;
    d.slabs = static_cast<std::uint32_t>(std::clamp<std::size_t>(edges.size() / 4, 1, 4096));
    double height = b.max_y - b.min_y;
    d.slab_inv = height > 0 ? d.slabs / height : 0;
    std::vector<std::vector<Edge>> buckets(d.slabs);
    for (const auto& e : edges) {
        auto s0 = static_cast<std::uint32_t>(std::min<double>(d.slabs - 1, std::floor((e.y0 - b.min_y) * d.slab_inv)));
        auto s1 = static_cast<std::uint32_t>(std::min<double>(d.slabs - 1, std::floor((e.y1 - b.min_y) * d.slab_inv)));
        for (auto s = s0; s <= s1; ++s)
            buckets[s].push_back(e);
    }
    for (auto& bucket : buckets) {
        slab_offsets_.push_back(static_cast<std::uint32_t>(slab_edges_.size()));
        slab_edges_.insert(slab_edges_.end(), bucket.begin(), bucket.end());
    }
    slab_offsets_.push_back(static_cast<std::uint32_t>(slab_edges_.size()));
    districts_.push_back(d);
}

// Grid: about eight cells per edge (so most cells lie inside one district and are answered
// without any edge test), square cells, at most 16M cells.
double DistrictIndex::size_grid(const core::Box& all, std::size_t total_edges)
{
    double w = all.max_x - all.min_x, h = all.max_y - all.min_y;
    double target = std::clamp<double>(8.0 * static_cast<double>(total_edges), 1024.0, 16.0e6);
    double cell = std::sqrt(std::max(w * h, 1e-12) / target);
    if (cell <= 0 || !std::isfinite(cell))
        cell = std::max(w, h) > 0 ? std::max(w, h) : 1.0;
    nx_ = static_cast<std::uint32_t>(std::clamp<double>(std::ceil(w / cell), 1, 65535));
    ny_ = static_cast<std::uint32_t>(std::clamp<double>(std::ceil(h / cell), 1, 65535));
    cell = std::max(w / nx_, h / ny_);
    if (cell <= 0)
        cell = 1;
    // A little margin so the max edges fall inside the last cell.
    cell *= 1.0 + 1e-9;
    grid_x0_ = all.min_x;
    grid_y0_ = all.min_y;
    grid_x1_ = all.min_x + cell * nx_;
    grid_y1_ = all.min_y + cell * ny_;
    cell_inv_ = 1.0 / cell;
    return cell;
}

// Owner of each cell centre by a scanline per grid row (no boundary passes through the
// centre of an edge-free cell, so ties cannot occur there).
void DistrictIndex::own_cell_centres(double cell)
{
    owner_.assign(static_cast<std::size_t>(nx_) * ny_, -1);
    std::vector<double> xs;
    for (std::uint32_t row = 0; row < ny_; ++row) {
        double yc = grid_y0_ + (row + 0.5) * cell;
        for (std::size_t di = 0; di < districts_.size(); ++di) {
            const auto& d = districts_[di];
            if (yc < d.min_y || yc >= d.max_y)
                continue;
            auto s = static_cast<std::uint32_t>(std::min<double>(d.slabs - 1, std::floor((yc - d.min_y) * d.slab_inv)));
            xs.clear();
            for (auto k = slab_offsets_[d.slab_begin + s]; k < slab_offsets_[d.slab_begin + s + 1]; ++k) {
                const auto& e = slab_edges_[k];
                if (e.y0 <= yc && yc < e.y1)
                    xs.push_back(e.x0 + (yc - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0));
            }
            std::sort(xs.begin(), xs.end());
            for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
                // Cells whose centres lie in [xs[k], xs[k+1]).
                double first = std::ceil((xs[k] - grid_x0_) * cell_inv_ - 0.5);
                double last = std::ceil((xs[k + 1] - grid_x0_) * cell_inv_ - 0.5) - 1;
                for (double cx = std::max(0.0, first); cx <= std::min<double>(nx_ - 1, last); ++cx) {
                    auto& o = owner_[row * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(cx)];
                    if (o < 0)
                        o = static_cast<std::int32_t>(di);  // overlaps: first in layer order
                }
            }
        }
    }
}

// Boundary cells: every cell an edge's bounding box touches (conservative), incl. horizontal
// edges. Their candidates: districts with edges there, plus the centre's owner. A cell holds
// its district (>= 0), -1 (none), or -(2 + b) for boundary cell b, so the common case costs
// one memory access.
void DistrictIndex::add_boundary_candidates(const std::vector<core::MultiPolygon>& polys)
{
    auto cell_x = [&](double x) {
        return static_cast<std::uint32_t>(std::clamp<double>(std::floor((x - grid_x0_) * cell_inv_), 0, nx_ - 1));
    };
    auto cell_y = [&](double y) {
        return static_cast<std::uint32_t>(std::clamp<double>(std::floor((y - grid_y0_) * cell_inv_), 0, ny_ - 1));
    };
    std::vector<std::pair<std::uint32_t, std::int32_t>> touches;  // (cell, district)
    for (std::size_t di = 0; di < polys.size(); ++di)
        for_each_edge(polys[di], [&](const core::Point& a, const core::Point& c) {
            auto x0 = cell_x(std::min(a.x, c.x)), x1 = cell_x(std::max(a.x, c.x));
            auto y0 = cell_y(std::min(a.y, c.y)), y1 = cell_y(std::max(a.y, c.y));
            for (auto cy = y0; cy <= y1; ++cy)
                for (auto cx = x0; cx <= x1; ++cx)
                    touches.emplace_back(cy * nx_ + cx, static_cast<std::int32_t>(di));
        });
    std::sort(touches.begin(), touches.end());
    touches.erase(std::unique(touches.begin(), touches.end()), touches.end());

    cell_ = owner_;
    cand_offsets_.assign(1, 0);
    std::size_t t = 0;
    while (t < touches.size()) {
        const auto c = touches[t].first;
        std::size_t begin = candidates_.size();
        while (t < touches.size() && touches[t].first == c)
            candidates_.push_back(touches[t++].second);
        if (owner_[c] >= 0 &&
            std::find(candidates_.begin() + static_cast<std::ptrdiff_t>(begin), candidates_.end(), owner_[c]) ==
                candidates_.end())
            candidates_.push_back(owner_[c]);
        // Layer order among candidates keeps the overlap rule.
        std::sort(candidates_.begin() + static_cast<std::ptrdiff_t>(begin), candidates_.end());
        cell_[c] = -2 - static_cast<std::int32_t>(cand_offsets_.size() - 1);
        cand_offsets_.push_back(static_cast<std::uint32_t>(candidates_.size()));
    }
}

bool DistrictIndex::contains(std::int32_t di, double px, double py) const
{
    const auto& d = districts_[static_cast<std::size_t>(di)];
    if (!(py >= d.min_y && py < d.max_y && px >= d.min_x && px < d.max_x))
        return false;
    auto s = static_cast<std::uint32_t>(std::min<double>(d.slabs - 1, std::floor((py - d.min_y) * d.slab_inv)));
    bool inside = false;
    const auto end = slab_offsets_[d.slab_begin + s + 1];
    for (auto k = slab_offsets_[d.slab_begin + s]; k < end; ++k) {
        const auto& e = slab_edges_[k];
        if (e.y0 <= py && py < e.y1) {
            // Strictly left of the upward edge: the eastward ray crosses it.
            double cross = (e.x1 - e.x0) * (py - e.y0) - (e.y1 - e.y0) * (px - e.x0);
            if (cross > 0)
                inside = !inside;
        }
    }
    return inside;
}

std::int32_t DistrictIndex::locate(double px, double py) const
{
    if (!(px >= grid_x0_ && px < grid_x1_ && py >= grid_y0_ && py < grid_y1_))
        return -1;  // also NaN
    auto cx = std::min<std::uint32_t>(nx_ - 1, static_cast<std::uint32_t>((px - grid_x0_) * cell_inv_));
    auto cy = std::min<std::uint32_t>(ny_ - 1, static_cast<std::uint32_t>((py - grid_y0_) * cell_inv_));
    const std::int32_t v = cell_[static_cast<std::size_t>(cy) * nx_ + cx];
    if (v >= -1)
        return v;
    const auto b = static_cast<std::size_t>(-2 - v);
    for (auto k = cand_offsets_[b]; k < cand_offsets_[b + 1]; ++k)
        if (contains(candidates_[k], px, py))
            return candidates_[k];
    return -1;
}

void DistrictIndex::locate_all(const double* x, const double* y, std::size_t n, std::int32_t* out,
                               unsigned threads) const
{
    threads = std::max(1u, threads);
    if (threads == 1 || n < 100000) {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = locate(x[i], y[i]);
        return;
    }
    std::vector<std::thread> pool;
    std::size_t chunk = (n + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        std::size_t b = t * chunk, e = std::min(n, b + chunk);
        if (b >= e)
            break;
        pool.emplace_back([=, this] {
            for (std::size_t i = b; i < e; ++i)
                out[i] = locate(x[i], y[i]);
        });
    }
    for (auto& th : pool)
        th.join();
}

std::size_t DistrictIndex::memory_bytes() const
{
    return districts_.capacity() * sizeof(District) + slab_offsets_.capacity() * sizeof(std::uint32_t) +
           slab_edges_.capacity() * sizeof(Edge) + cell_.capacity() * sizeof(std::int32_t) +
           cand_offsets_.capacity() * sizeof(std::uint32_t) + candidates_.capacity() * sizeof(std::int32_t);
}

}  // namespace trygg::spatial
