// SPDX-License-Identifier: MIT
#include <trygg/stats/before_after_areas.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace trygg::stats {

namespace {

double point_segment(const core::Point& p, const core::Point& a, const core::Point& b)
{
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

template <typename F> void for_rings(const core::MultiPolygon& mp, F f)
{
    for (const auto& poly : mp) {
        f(poly.outer);
        for (const auto& h : poly.holes)
            f(h);
    }
}

// Smallest distance from any vertex of `a` to any edge of `b`.
double vertex_to_edges(const core::MultiPolygon& a, const core::MultiPolygon& b, double best)
{
    for_rings(a, [&](const core::Ring& ra) {
        for_rings(b, [&](const core::Ring& rb) {
            for (const auto& p : ra)
                for (std::size_t k = 1; k < rb.size(); ++k)
                    best = std::min(best, point_segment(p, rb[k - 1], rb[k]));
        });
    });
    return best;
}

double box_gap(const core::Box& a, const core::Box& b)
{
    const double dx = std::max({0.0, a.min_x - b.max_x, b.min_x - a.max_x});
    const double dy = std::max({0.0, a.min_y - b.max_y, b.min_y - a.max_y});
    return std::hypot(dx, dy);
}

}  // namespace

double boundary_distance(const core::MultiPolygon& a, const core::MultiPolygon& b)
{
    // The minimum distance between two polygon boundaries that do not cross is attained at a
    // vertex of one of them.
    double best = std::numeric_limits<double>::infinity();
    best = vertex_to_edges(a, b, best);
    return vertex_to_edges(b, a, best);
}

std::vector<int> buffer_districts(const std::vector<core::MultiPolygon>& polygons, const std::vector<int>& target,
                                  double distance)
{
    std::vector<char> is_target(polygons.size(), 0);
    for (int t : target)
        is_target[static_cast<std::size_t>(t)] = 1;
    std::vector<core::Box> boxes;
    for (const auto& p : polygons)
        boxes.push_back(core::bounds(p));
    // A small tolerance: neighbours that share a border may have been snapped apart by centimetres.
    const double reach = distance + 0.01;
    std::vector<int> out;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        if (is_target[i])
            continue;
        for (int t : target) {
            const auto ti = static_cast<std::size_t>(t);
            if (box_gap(boxes[i], boxes[ti]) > reach)
                continue;
            if (boundary_distance(polygons[i], polygons[ti]) <= reach) {
                out.push_back(static_cast<int>(i));
                break;
            }
        }
    }
    return out;
}

std::vector<int> similar_controls(const std::vector<double>& before, const std::vector<int>& target,
                                  const std::vector<int>& candidates, std::size_t count)
{
    double mean = 0;
    for (int t : target)
        mean += before[static_cast<std::size_t>(t)];
    mean /= static_cast<double>(std::max<std::size_t>(1, target.size()));
    std::vector<std::pair<double, int>> ranked;
    for (int c : candidates)
        ranked.emplace_back(std::abs(std::log((before[static_cast<std::size_t>(c)] + 0.5) / (mean + 0.5))), c);
    std::sort(ranked.begin(), ranked.end());
    std::vector<int> out;
    for (std::size_t k = 0; k < ranked.size() && k < count; ++k)
        out.push_back(ranked[k].second);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace trygg::stats
