// SPDX-License-Identifier: MIT
#include <trygg/core/geometry.hpp>

#include <cmath>

namespace trygg::core {

Box bounds(const Ring& ring)
{
    Box b;
    for (const auto& p : ring)
        b.expand(p);
    return b;
}

Box bounds(const MultiPolygon& mp)
{
    Box b;
    for (const auto& poly : mp)
        b.expand(bounds(poly.outer));
    return b;
}

namespace {
double ring_area(const Ring& r)
{
    // Shoelace formula relative to the first vertex, which keeps large SWEREF coordinates exact.
    if (r.size() < 4)
        return 0.0;
    double s = 0.0;
    const double x0 = r[0].x, y0 = r[0].y;
    for (std::size_t i = 1; i + 1 < r.size(); ++i)
        s += (r[i].x - x0) * (r[i + 1].y - y0) - (r[i + 1].x - x0) * (r[i].y - y0);
    return std::abs(s) / 2.0;
}
}  // namespace

double area(const MultiPolygon& mp)
{
    double a = 0.0;
    for (const auto& poly : mp) {
        a += ring_area(poly.outer);
        for (const auto& h : poly.holes)
            a -= ring_area(h);
    }
    return a;
}

}  // namespace trygg::core
