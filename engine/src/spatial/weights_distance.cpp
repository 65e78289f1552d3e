// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights_distance.hpp>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace trygg::spatial {

namespace {

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Entry = std::pair<BPoint, std::uint32_t>;
using Tree = bgi::rtree<Entry, bgi::quadratic<16>>;

Tree build_tree(const std::vector<core::Point>& pts)
{
    std::vector<Entry> entries;
    entries.reserve(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i)
        entries.emplace_back(BPoint(pts[i].x, pts[i].y), static_cast<std::uint32_t>(i));
    return Tree(entries.begin(), entries.end());  // packing: deterministic layout
}

double dist(const core::Point& a, const core::Point& b)
{
    const double dx = a.x - b.x, dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

// Every j != i with d(i, j) <= r, sorted by index, with its distance.
std::vector<std::pair<std::uint32_t, double>> within(const Tree& tree, const std::vector<core::Point>& pts,
                                                     std::size_t i, double r)
{
    std::vector<Entry> hits;
    const auto& p = pts[i];
    tree.query(bgi::intersects(BBox(BPoint(p.x - r, p.y - r), BPoint(p.x + r, p.y + r))), std::back_inserter(hits));
    std::vector<std::pair<std::uint32_t, double>> out;
    for (const auto& h : hits) {
        if (h.second == i)
            continue;
        const double d = dist(p, pts[h.second]);
        if (d <= r)
            out.emplace_back(h.second, d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void check_points(const std::vector<core::Point>& pts)
{
    for (std::size_t i = 0; i < pts.size(); ++i)
        if (!std::isfinite(pts[i].x) || !std::isfinite(pts[i].y))
            throw core::DataError("weights: unit " + std::to_string(i + 1) + " has no finite location");
}

}  // namespace

std::vector<core::Point> centroids(const std::vector<core::MultiPolygon>& polygons)
{
    std::vector<core::Point> out;
    out.reserve(polygons.size());
    for (const auto& mp : polygons) {
        // Relative to the first vertex so that large projected coordinates stay exact.
        core::Point origin{};
        bool have_origin = false;
        double a_sum = 0.0, cx = 0.0, cy = 0.0, vx = 0.0, vy = 0.0;
        std::size_t vn = 0;
        auto ring = [&](const core::Ring& r, double sign) {
            if (r.empty())
                return;
            if (!have_origin) {
                origin = r[0];
                have_origin = true;
            }
            double a = 0.0, x = 0.0, y = 0.0;
            for (std::size_t k = 0; k + 1 < r.size(); ++k) {
                const double x0 = r[k].x - origin.x, y0 = r[k].y - origin.y;
                const double x1 = r[k + 1].x - origin.x, y1 = r[k + 1].y - origin.y;
                const double c = x0 * y1 - x1 * y0;
                a += c;
                x += (x0 + x1) * c;
                y += (y0 + y1) * c;
                vx += x0;
                vy += y0;
                ++vn;
            }
            // Orientation-free: outer rings add, holes subtract, by absolute area.
            const double s = a < 0 ? -sign : sign;
            a_sum += s * a / 2.0;
            cx += s * x / 6.0;
            cy += s * y / 6.0;
        };
        for (const auto& poly : mp) {
            ring(poly.outer, 1.0);
            for (const auto& h : poly.holes)
                ring(h, -1.0);
        }
        if (a_sum > 0.0)
            out.push_back({origin.x + cx / a_sum, origin.y + cy / a_sum});
        else if (vn > 0)
            out.push_back({origin.x + vx / static_cast<double>(vn), origin.y + vy / static_cast<double>(vn)});
        else
            out.push_back({std::nan(""), std::nan("")});
    }
    return out;
}

Weights distance_band_weights(const std::vector<core::Point>& points, double threshold, std::vector<std::string> ids)
{
    if (!(threshold > 0.0))
        throw std::invalid_argument("distance band: threshold must be positive");
    check_points(points);
    const Tree tree = build_tree(points);
    std::vector<NeighbourList> lists(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        for (auto [j, d] : within(tree, points, i, threshold))
            lists[i].emplace_back(j, 1.0);  // coincident units are neighbours (distance 0 is within)
    return Weights::from_lists(std::move(lists), WeightsStyle::binary, std::move(ids));
}

Weights knn_weights(const std::vector<core::Point>& points, std::size_t k, std::vector<std::string> ids)
{
    if (k == 0)
        throw std::invalid_argument("knn: k must be at least 1");
    if (k >= points.size())
        throw std::invalid_argument("knn: k = " + std::to_string(k) + " needs more than " + std::to_string(k) +
                                    " units (have " + std::to_string(points.size()) + ")");
    check_points(points);
    const Tree tree = build_tree(points);
    std::vector<NeighbourList> lists(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::vector<Entry> near;
        tree.query(bgi::nearest(BPoint(points[i].x, points[i].y), static_cast<unsigned>(k + 1)),
                   std::back_inserter(near));
        double dk = 0.0;
        for (const auto& e : near)
            if (e.second != i)
                dk = std::max(dk, dist(points[i], points[e.second]));
        // All candidates up to the k-th distance, ordered by (distance, index): ties resolved the same way always.
        auto cand = within(tree, points, i, dk);
        std::stable_sort(cand.begin(), cand.end(), [](auto& a, auto& b) { return a.second < b.second; });
        for (std::size_t m = 0; m < k && m < cand.size(); ++m)
            lists[i].emplace_back(cand[m].first, 1.0);
    }
    return Weights::from_lists(std::move(lists), WeightsStyle::binary, std::move(ids));
}

Weights inverse_distance_weights(const std::vector<core::Point>& points, double power, double threshold,
                                 std::vector<std::string> ids)
{
    if (!(power > 0.0))
        throw std::invalid_argument("inverse distance: power must be positive");
    if (!(threshold > 0.0))
        throw std::invalid_argument("inverse distance: threshold must be positive");
    check_points(points);
    std::vector<NeighbourList> lists(points.size());
    auto add = [&](std::size_t i, std::uint32_t j, double d) {
        if (d == 0.0)
            throw core::DataError("weights: units " + (ids.empty() ? std::to_string(i + 1) : ids[i]) + " and " +
                                  (ids.empty() ? std::to_string(j + 1) : ids[j]) +
                                  " are at the same location; inverse-distance weight is infinite");
        lists[i].emplace_back(j, power == 1.0 ? 1.0 / d : 1.0 / std::pow(d, power));
    };
    if (std::isinf(threshold)) {
        for (std::size_t i = 0; i < points.size(); ++i)
            for (std::size_t j = 0; j < points.size(); ++j)
                if (j != i)
                    add(i, static_cast<std::uint32_t>(j), dist(points[i], points[j]));
    } else {
        const Tree tree = build_tree(points);
        for (std::size_t i = 0; i < points.size(); ++i)
            for (auto [j, d] : within(tree, points, i, threshold))
                add(i, j, d);
    }
    return Weights::from_lists(std::move(lists), WeightsStyle::custom, std::move(ids));
}

}  // namespace trygg::spatial
