// SPDX-License-Identifier: MIT
#include <trygg/spatial/weights_contiguity.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace trygg::spatial {

Contiguity parse_contiguity(const std::string& name)
{
    if (name == "queen")
        return Contiguity::queen;
    if (name == "rook")
        return Contiguity::rook;
    throw std::invalid_argument("unknown contiguity '" + name + "' (expected queen or rook)");
}

namespace {

struct Vertex {
    double x, y;
    std::uint32_t unit;
};

// Union-find over vertex indices (path halving).
struct Forest {
    std::vector<std::uint32_t> parent;
    explicit Forest(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t find(std::uint32_t a)
    {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }
    void join(std::uint32_t a, std::uint32_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
};

// A canonical id per vertex: equal coordinates (tolerance 0) or merged within the tolerance.
std::vector<std::uint32_t> canonical_vertices(const std::vector<Vertex>& v, double tol)
{
    const auto n = static_cast<std::uint32_t>(v.size());
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::vector<std::uint32_t> canon(n);
    if (tol <= 0.0) {
        std::sort(order.begin(), order.end(), [&](auto a, auto b) {
            return std::tie(v[a].x, v[a].y) < std::tie(v[b].x, v[b].y);
        });
        std::uint32_t id = 0;
        for (std::uint32_t k = 0; k < n; ++k) {
            if (k > 0 && (v[order[k]].x != v[order[k - 1]].x || v[order[k]].y != v[order[k - 1]].y))
                ++id;
            canon[order[k]] = id;
        }
        return canon;
    }
    // Grid with cell = tolerance: vertices within the tolerance are in the same or an adjacent cell.
    auto cell_of = [&](double c) { return static_cast<std::int64_t>(std::floor(c / tol)); };
    auto key = [](std::int64_t cx, std::int64_t cy) {
        return static_cast<std::uint64_t>(cx) * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(cy);
    };
    struct Cell {
        std::int64_t cx, cy;
        std::vector<std::uint32_t> members;
    };
    std::unordered_map<std::uint64_t, std::vector<Cell>> grid;
    auto bucket = [&](std::int64_t cx, std::int64_t cy) -> std::vector<std::uint32_t>* {
        auto it = grid.find(key(cx, cy));
        if (it == grid.end())
            return nullptr;
        for (auto& c : it->second)
            if (c.cx == cx && c.cy == cy)
                return &c.members;
        return nullptr;
    };
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto cx = cell_of(v[i].x), cy = cell_of(v[i].y);
        if (auto* m = bucket(cx, cy))
            m->push_back(i);
        else
            grid[key(cx, cy)].push_back(Cell{cx, cy, {i}});
    }
    Forest forest(n);
    const double tol2 = tol * tol;
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto cx = cell_of(v[i].x), cy = cell_of(v[i].y);
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy)
                if (auto* m = bucket(cx + dx, cy + dy))
                    for (auto j : *m) {
                        if (j <= i)
                            continue;
                        const double ex = v[i].x - v[j].x, ey = v[i].y - v[j].y;
                        if (ex * ex + ey * ey <= tol2)
                            forest.join(i, j);
                    }
    }
    for (std::uint32_t i = 0; i < n; ++i)
        canon[i] = forest.find(i);
    return canon;
}

// Pairs of distinct units that share a key; `keyed` is sorted by key.
template <typename Key>
void emit_pairs(std::vector<std::pair<Key, std::uint32_t>>& keyed,
                std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs)
{
    std::sort(keyed.begin(), keyed.end());
    keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());
    for (std::size_t a = 0; a < keyed.size();) {
        std::size_t b = a;
        while (b < keyed.size() && keyed[b].first == keyed[a].first)
            ++b;
        for (std::size_t p = a; p < b; ++p)
            for (std::size_t q = p + 1; q < b; ++q)
                pairs.emplace_back(keyed[p].second, keyed[q].second);
        a = b;
    }
}

}  // namespace

Weights contiguity_weights(const std::vector<core::MultiPolygon>& polygons, const ContiguityOptions& options,
                           std::vector<std::string> ids)
{
    std::vector<Vertex> vertices;
    // Ring boundaries in `vertices`: edges join consecutive vertices of the same ring.
    std::vector<std::pair<std::size_t, std::size_t>> rings;
    for (std::size_t u = 0; u < polygons.size(); ++u) {
        auto add_ring = [&](const core::Ring& r) {
            const std::size_t start = vertices.size();
            for (const auto& p : r)
                vertices.push_back({p.x, p.y, static_cast<std::uint32_t>(u)});
            rings.emplace_back(start, vertices.size());
        };
        for (const auto& poly : polygons[u]) {
            add_ring(poly.outer);
            for (const auto& h : poly.holes)
                add_ring(h);
        }
    }
    const auto canon = canonical_vertices(vertices, options.snap_tolerance);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    if (options.kind == Contiguity::queen) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> keyed;
        keyed.reserve(vertices.size());
        for (std::size_t i = 0; i < vertices.size(); ++i)
            keyed.emplace_back(canon[i], vertices[i].unit);
        emit_pairs(keyed, pairs);
    } else {
        std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t>> keyed;
        keyed.reserve(vertices.size());
        for (auto [start, end] : rings) {
            for (std::size_t i = start; i + 1 < end; ++i) {
                auto a = canon[i], b = canon[i + 1];
                if (a == b)
                    continue;
                keyed.push_back({{std::min(a, b), std::max(a, b)}, vertices[i].unit});
            }
        }
        emit_pairs(keyed, pairs);
    }
    return Weights::from_pairs(polygons.size(), std::move(pairs), std::move(ids));
}

}  // namespace trygg::spatial
