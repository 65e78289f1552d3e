// SPDX-License-Identifier: MIT
#include "geos_util.hpp"

#include <trygg/spatial/interior_disjoint.hpp>
#include <trygg/spatial/polygon_repair.hpp>

#include <algorithm>
#include <numeric>

namespace trygg::spatial {

RepairResult make_valid(const core::MultiPolygon& polygon)
{
    detail::GeosContext ctx;
    auto h = ctx.get();
    RepairResult result;
    auto g = detail::to_geos(ctx, polygon);
    if (GEOSisValid_r(h, g.get()) == 1) {
        result.polygon = polygon;
        return result;
    }
    char* reason = GEOSisValidReason_r(h, g.get());
    result.reason = reason ? reason : "invalid";
    GEOSFree_r(h, reason);
    detail::GeomPtr fixed(GEOSMakeValid_r(h, g.get()), detail::GeomDeleter{h});
    result.polygon = detail::from_geos(ctx, fixed.get());
    result.repaired = true;
    return result;
}

std::vector<Overlap> find_overlaps(const std::vector<core::MultiPolygon>& polygons, double min_area)
{
    detail::GeosContext ctx;
    auto h = ctx.get();
    std::vector<core::Box> boxes;
    std::vector<BoundaryEdges> edges;
    for (const auto& p : polygons) {
        boxes.push_back(core::bounds(p));
        edges.emplace_back(p);
    }
    std::vector<std::size_t> order(polygons.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return boxes[a].min_x < boxes[b].min_x; });
    // GEOS geometries are built only for the pairs the exact pre-check cannot settle.
    std::vector<detail::GeomPtr> geoms(polygons.size());
    std::vector<const GEOSPreparedGeometry*> prepared(polygons.size(), nullptr);
    auto geos = [&](std::size_t i) {
        if (!geoms[i]) {
            geoms[i] = detail::to_geos(ctx, polygons[i]);
            prepared[i] = GEOSPrepare_r(h, geoms[i].get());
        }
    };
    std::vector<Overlap> out;
    // Sweep along x: only boxes that overlap in x and y are intersected.
    for (std::size_t i = 0; i < order.size(); ++i) {
        auto a = order[i];
        for (std::size_t j = i + 1; j < order.size() && boxes[order[j]].min_x <= boxes[a].max_x; ++j) {
            auto b = order[j];
            if (boxes[b].min_y > boxes[a].max_y || boxes[b].max_y < boxes[a].min_y)
                continue;
            // Neighbours that only share edges and vertices are the common case: an exact edge
            // test proves most of them apart without GEOS (whose prepared overlaps is a full
            // RelateOp in 3.11); GEOS stays the authority for everything it cannot prove.
            if (interiors_disjoint(edges[a], edges[b]))
                continue;
            geos(a);
            geos(b);
            if (GEOSPreparedOverlaps_r(h, prepared[a], geoms[b].get()) != 1 &&
                GEOSPreparedContains_r(h, prepared[a], geoms[b].get()) != 1 &&
                GEOSPreparedContains_r(h, prepared[b], geoms[a].get()) != 1)
                continue;
            detail::GeomPtr inter(GEOSIntersection_r(h, geoms[a].get(), geoms[b].get()), detail::GeomDeleter{h});
            double area = 0;
            if (inter && GEOSArea_r(h, inter.get(), &area) == 1 && area > min_area)
                out.push_back({std::min(a, b), std::max(a, b), area});
        }
    }
    for (const auto* p : prepared)
        if (p)
            GEOSPreparedGeom_destroy_r(h, p);
    std::sort(out.begin(), out.end(), [](const Overlap& x, const Overlap& y) {
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    return out;
}

}  // namespace trygg::spatial
