// SPDX-License-Identifier: MIT
#include <trygg/spatial/polygon_contains.hpp>

#include <algorithm>
#include <cmath>

namespace trygg::spatial {

namespace {

// Flips `inside` once for every edge of `ring` a ray from `p` towards +x crosses.
void cross_ring(const core::Ring& ring, const core::Point& p, bool& inside)
{
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            inside = !inside;
    }
}

}  // namespace

bool polygon_contains(const core::MultiPolygon& area, const core::Point& p)
{
    for (const auto& poly : area) {
        if (poly.outer.size() < 3)
            continue;
        bool inside = false;
        cross_ring(poly.outer, p, inside);
        if (!inside)
            continue;
        for (const auto& hole : poly.holes) {
            bool in_hole = false;
            if (hole.size() >= 3)
                cross_ring(hole, p, in_hole);
            if (in_hole) {
                inside = false;
                break;
            }
        }
        if (inside)
            return true;
    }
    return false;
}

double farthest_vertex_distance(const core::MultiPolygon& area, const core::Point& p)
{
    double d = 0;
    for (const auto& poly : area)
        for (const auto& v : poly.outer)
            d = std::max(d, std::hypot(v.x - p.x, v.y - p.y));
    return d;
}

}  // namespace trygg::spatial
