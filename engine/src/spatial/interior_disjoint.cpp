// SPDX-License-Identifier: MIT
#include <trygg/spatial/interior_disjoint.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trygg::spatial {

namespace {

using core::Box;
using core::Point;

constexpr int kDoubt = 2;
// Relative error bound of the double-precision cross product: Shewchuk's (3 + 16ε)ε ≈ 3.3e-16,
// taken 30 times larger. Below it the sign is not trusted.
constexpr double kRelErr = 1e-14;
// Above this many edge comparisons (pairs of edges, and edges looked at for a point) GEOS, with
// its own indexes, is left to do the work.
constexpr std::size_t kMaxWork = 200'000;

struct Cross {
    double det;
    double err;  // bound on |det - exact|
    bool exact_zero;
};

Cross cross(const Point& a, const Point& b, const Point& c)
{
    auto same = [](const Point& p, const Point& q) { return p.x == q.x && p.y == q.y; };
    if (same(a, b) || same(a, c) || same(b, c))
        return {0.0, 0.0, true};
    double bax = b.x - a.x, bay = b.y - a.y, cax = c.x - a.x, cay = c.y - a.y;
    // With gradual underflow a difference is 0 only when its operands are equal, and a product
    // with a zero factor is exactly 0: then the exact determinant is 0.
    if ((bax == 0 || cay == 0) && (bay == 0 || cax == 0))
        return {0.0, 0.0, true};
    double l = bax * cay, r = bay * cax;
    return {l - r, kRelErr * (std::abs(l) + std::abs(r)), false};
}

// Exact sign of cross(b - a, c - a): +1 c left of a→b, -1 right, 0 collinear, kDoubt unknown.
int orient(const Point& a, const Point& b, const Point& c)
{
    auto k = cross(a, b, c);
    if (k.exact_zero)
        return 0;
    if (!(k.err > 1e-280))  // subnormal products (or NaN): the relative bound does not hold
        return kDoubt;
    if (k.det > k.err)
        return 1;
    if (k.det < -k.err)
        return -1;
    return kDoubt;
}

bool boxes_meet(const Box& x, const Box& y)
{
    return x.min_x <= y.max_x && y.min_x <= x.max_x && x.min_y <= y.max_y && y.min_y <= x.max_y;
}

Box segment_box(const Point& a, const Point& b)
{
    Box box;
    box.expand(a);
    box.expand(b);
    return box;
}

// Orientation of a simple ring (first point repeated last) from its lexicographically smallest
// vertex, which is convex: +1 counter-clockwise, -1 clockwise, 0 when undecidable.
int ring_orientation(const core::Ring& ring)
{
    std::size_t n = ring.size() > 0 ? ring.size() - 1 : 0;
    if (n < 3 || ring.front().x != ring.back().x || ring.front().y != ring.back().y)
        return 0;
    std::size_t m = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (ring[i].x < ring[m].x || (ring[i].x == ring[m].x && ring[i].y < ring[m].y))
            m = i;
    auto same = [](const Point& p, const Point& q) { return p.x == q.x && p.y == q.y; };
    std::size_t prev = m, next = m;
    for (std::size_t k = 0; k < n && same(ring[prev], ring[m]); ++k)
        prev = (prev + n - 1) % n;
    for (std::size_t k = 0; k < n && same(ring[next], ring[m]); ++k)
        next = (next + 1) % n;
    int o = orient(ring[prev], ring[m], ring[next]);
    return o == 1 || o == -1 ? o : 0;
}

// Where a piece of `self`'s boundary is relative to `other`: 1 inside, 0 outside, kDoubt.
// `m` is a rounded midpoint, within 2^-52·scale of the exact one; any edge of `other` within
// `delta` (≫ that) of it gives kDoubt, so the rounding cannot carry it across other's boundary.
// Only the edges listed in the bands of m.y ± 2·delta are looked at: an edge the ray from m
// crosses holds m.y in its y-range (listed in band(m.y)), and an edge within delta of m meets
// that range of heights. `budget` counts the edges looked at; 0 left: kDoubt.
int classify(const Point& m, const BoundaryEdges& other, double delta, std::size_t& budget)
{
    int crossings = 0;
    const std::size_t lo = other.band(m.y - 2 * delta), mid = other.band(m.y), hi = other.band(m.y + 2 * delta);
    for (std::size_t k = lo; k <= hi; ++k) {
        const auto* first = other.band_begin(k);
        const auto* last = other.band_end(k);
        if (static_cast<std::size_t>(last - first) >= budget)
            return kDoubt;
        budget -= static_cast<std::size_t>(last - first);
        for (const auto* i = first; i != last; ++i) {
            const auto& e = other.edges()[*i];
            const auto& u = e.a;
            const auto& v = e.b;
            bool near = m.x >= e.box.min_x - delta && m.x <= e.box.max_x + delta && m.y >= e.box.min_y - delta &&
                        m.y <= e.box.max_y + delta;
            if (near) {
                auto c = cross(u, v, m);
                double l1 = std::abs(v.x - u.x) + std::abs(v.y - u.y);
                if (c.exact_zero || !(std::abs(c.det) > c.err + 2 * delta * l1))
                    return kDoubt;
            }
            // Crossings are counted in m's own band only: an edge listed in several bands is
            // counted once.
            if (k == mid && (u.y > m.y) != (v.y > m.y)) {
                int s = orient(u, v, m);
                if (s == kDoubt || s == 0)
                    return kDoubt;
                if (v.y > u.y ? s > 0 : s < 0)
                    ++crossings;
            }
        }
    }
    return crossings % 2;
}

struct Near {
    std::vector<std::size_t> edges;               // indices of edges meeting the other's box
    std::vector<std::vector<Point>> splits;       // other's vertices strictly inside each edge
    std::vector<std::vector<std::size_t>> along;  // other's edges collinear with each edge
};

// Every piece of each near edge of `self` must lie outside `other`, or on other's boundary with
// the interiors on opposite sides.
bool pieces_clear(const BoundaryEdges& self, const Near& near, const BoundaryEdges& other, double delta,
                  std::size_t& budget)
{
    std::vector<Point> pts;
    for (std::size_t k = 0; k < near.edges.size(); ++k) {
        const auto& e = self.edges()[near.edges[k]];
        bool by_x = std::abs(e.b.x - e.a.x) >= std::abs(e.b.y - e.a.y);
        auto key = [by_x](const Point& p) { return by_x ? p.x : p.y; };
        bool ascending = key(e.b) > key(e.a);
        pts.assign(near.splits[k].begin(), near.splits[k].end());
        pts.push_back(e.a);
        pts.push_back(e.b);
        // All points lie exactly on the segment, so one coordinate orders them.
        std::sort(pts.begin(), pts.end(), [&](const Point& p, const Point& q) {
            return ascending ? key(p) < key(q) : key(p) > key(q);
        });
        pts.erase(std::unique(pts.begin(), pts.end(), [&](const Point& p, const Point& q) { return key(p) == key(q); }),
                  pts.end());
        for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
            const auto& p = pts[i];
            const auto& q = pts[i + 1];
            const BoundaryEdges::Edge* shared = nullptr;
            for (auto j : near.along[k]) {
                const auto& f = other.edges()[j];
                if (f.box.contains(p) && f.box.contains(q)) {
                    shared = &f;
                    break;
                }
            }
            if (shared) {
                bool same_direction = by_x ? ((e.b.x > e.a.x) == (shared->b.x > shared->a.x))
                                           : ((e.b.y > e.a.y) == (shared->b.y > shared->a.y));
                int other_side = same_direction ? shared->interior_side : -shared->interior_side;
                if (other_side == e.interior_side)
                    return false;  // both interiors on the same side: they overlap there
                continue;
            }
            Point m{(p.x + q.x) * 0.5, (p.y + q.y) * 0.5};
            if (classify(m, other, delta, budget) != 0)
                return false;
        }
    }
    return true;
}

double max_abs(const Box& b)
{
    return std::max({std::abs(b.min_x), std::abs(b.max_x), std::abs(b.min_y), std::abs(b.max_y)});
}

}  // namespace

BoundaryEdges::BoundaryEdges(const core::MultiPolygon& polygon)
{
    auto add_ring = [this](const core::Ring& ring, bool hole) {
        int o = ring_orientation(ring);
        if (o == 0) {
            usable_ = false;
            return;
        }
        int side = hole ? -o : o;
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const auto& a = ring[i];
            const auto& b = ring[i + 1];
            if (a.x == b.x && a.y == b.y)
                continue;
            edges_.push_back({a, b, side, segment_box(a, b)});
            box_.expand(edges_.back().box);
        }
    };
    for (const auto& part : polygon) {
        add_ring(part.outer, false);
        for (const auto& h : part.holes)
            add_ring(h, true);
    }
    index_bands();
}

void BoundaryEdges::index_bands()
{
    const std::size_t n = edges_.size();
    const double height = box_.max_y - box_.min_y;
    // About 8 edges a band; one band when the edges span most bands each (a comb of long
    // vertical edges), so that the index never holds much more than the edges.
    std::size_t count = std::clamp<std::size_t>(n / 8, 1, 1 << 16);
    for (;; count = 1) {
        band_scale_ = count > 1 && height > 0 && std::isfinite(height) ? static_cast<double>(count) / height : 0;
        band_start_.assign(count + 1, 0);
        for (const auto& e : edges_)
            for (std::size_t k = band(e.box.min_y), last = band(e.box.max_y); k <= last; ++k)
                ++band_start_[k + 1];
        for (std::size_t k = 0; k < count; ++k)
            band_start_[k + 1] += band_start_[k];
        if (count == 1 || band_start_.back() <= 4 * n)
            break;
    }
    band_edges_.resize(band_start_.back());
    std::vector<std::uint32_t> at(band_start_.begin(), band_start_.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = band(edges_[i].box.min_y), last = band(edges_[i].box.max_y); k <= last; ++k)
            band_edges_[at[k]++] = static_cast<std::uint32_t>(i);
}

bool interiors_disjoint(const BoundaryEdges& a, const BoundaryEdges& b)
{
    if (!a.usable() || !b.usable())
        return false;
    if (a.edges().empty() || b.edges().empty())
        return false;
    if (!boxes_meet(a.box(), b.box()))
        return true;
    Near na, nb;
    for (std::size_t i = 0; i < a.edges().size(); ++i)
        if (boxes_meet(a.edges()[i].box, b.box()))
            na.edges.push_back(i);
    for (std::size_t j = 0; j < b.edges().size(); ++j)
        if (boxes_meet(b.edges()[j].box, a.box()))
            nb.edges.push_back(j);
    std::size_t budget = kMaxWork;
    na.splits.resize(na.edges.size());
    na.along.resize(na.edges.size());
    nb.splits.resize(nb.edges.size());
    nb.along.resize(nb.edges.size());
    auto strictly_within = [](const BoundaryEdges::Edge& e, const Point& c) {
        return e.box.contains(c) && !(c.x == e.a.x && c.y == e.a.y) && !(c.x == e.b.x && c.y == e.b.y);
    };
    // b's near edges by their index in b (-1: not near), and the last edge of a each was
    // compared with (an edge listed in several bands is compared once).
    std::vector<std::int64_t> near_b(b.edges().size(), -1), seen(b.edges().size(), -1);
    for (std::size_t kb = 0; kb < nb.edges.size(); ++kb)
        near_b[nb.edges[kb]] = static_cast<std::int64_t>(kb);
    for (std::size_t ka = 0; ka < na.edges.size(); ++ka) {
        const auto& e = a.edges()[na.edges[ka]];
        // An edge of b whose box meets e's has a y-range meeting e's: listed in one of these bands.
        for (std::size_t k = b.band(e.box.min_y), last = b.band(e.box.max_y); k <= last; ++k) {
            const auto* first = b.band_begin(k);
            const auto* end = b.band_end(k);
            if (static_cast<std::size_t>(end - first) >= budget)
                return false;
            budget -= static_cast<std::size_t>(end - first);
            for (const auto* j = first; j != end; ++j) {
                if (near_b[*j] < 0 || seen[*j] == static_cast<std::int64_t>(ka))
                    continue;
                seen[*j] = static_cast<std::int64_t>(ka);
                const auto kb = static_cast<std::size_t>(near_b[*j]);
                const auto& f = b.edges()[*j];
                if (!boxes_meet(e.box, f.box))
                    continue;
                int o1 = orient(e.a, e.b, f.a), o2 = orient(e.a, e.b, f.b);
                int o3 = orient(f.a, f.b, e.a), o4 = orient(f.a, f.b, e.b);
                if (o1 == kDoubt || o2 == kDoubt || o3 == kDoubt || o4 == kDoubt)
                    return false;
                if (o1 * o2 < 0 && o3 * o4 < 0)
                    return false;  // proper crossing
                if (o1 == 0 && o2 == 0) {
                    na.along[ka].push_back(*j);
                    nb.along[kb].push_back(na.edges[ka]);
                }
                // A point collinear with a segment and inside its box lies on it.
                if (o1 == 0 && strictly_within(e, f.a))
                    na.splits[ka].push_back(f.a);
                if (o2 == 0 && strictly_within(e, f.b))
                    na.splits[ka].push_back(f.b);
                if (o3 == 0 && strictly_within(f, e.a))
                    nb.splits[kb].push_back(e.a);
                if (o4 == 0 && strictly_within(f, e.b))
                    nb.splits[kb].push_back(e.b);
            }
        }
    }
    // In edge order, as a pairwise scan lists them: a piece on two collinear edges of the
    // other (a degenerate boundary) is judged by the first, whatever the bands' order.
    for (auto& along : na.along)
        std::sort(along.begin(), along.end());
    for (auto& along : nb.along)
        std::sort(along.begin(), along.end());
    // Rounded midpoints are within 2^-52·scale of the exact ones; keep well clear of that.
    double scale = std::max(max_abs(a.box()), max_abs(b.box()));
    if (!(scale > 1e-100 && scale < 1e100))
        return false;  // keep clear of underflow and overflow in the midpoints and products
    double delta = std::ldexp(scale, -46);
    return pieces_clear(a, na, b, delta, budget) && pieces_clear(b, nb, a, delta, budget);
}

}  // namespace trygg::spatial
