// SPDX-License-Identifier: MIT
#include <trygg/spatial/overlay.hpp>

#include "spatial/geos_util.hpp"

#include <trygg/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace trygg::spatial {

std::vector<OverlayPiece> overlay_areas(const std::vector<core::MultiPolygon>& sources,
                                        const std::vector<core::MultiPolygon>& targets)
{
    using namespace detail;
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GeomPtr> tg;
    std::vector<const GEOSPreparedGeometry*> prepared;
    std::vector<core::Box> tbox;
    tg.reserve(targets.size());
    for (const auto& t : targets) {
        tg.push_back(to_geos(ctx, t));
        prepared.push_back(tg.back() ? GEOSPrepare_r(h, tg.back().get()) : nullptr);
        tbox.push_back(core::bounds(t));
    }
    // Targets sorted by min_x so each source scans only those that can overlap in x.
    std::vector<std::uint32_t> order(targets.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return tbox[a].min_x < tbox[b].min_x; });
    double max_width = 0;
    for (const auto& b : tbox)
        if (!b.empty())
            max_width = std::max(max_width, b.max_x - b.min_x);
    std::vector<double> starts(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        starts[k] = tbox[order[k]].min_x;

    std::vector<OverlayPiece> pieces;
    for (std::uint32_t s = 0; s < sources.size(); ++s) {
        auto sb = core::bounds(sources[s]);
        if (sb.empty())
            continue;
        auto sg = to_geos(ctx, sources[s]);
        if (!sg)
            continue;
        auto first = std::lower_bound(starts.begin(), starts.end(), sb.min_x - max_width) - starts.begin();
        for (auto k = static_cast<std::size_t>(first); k < order.size() && starts[k] <= sb.max_x; ++k) {
            const auto t = order[k];
            const auto& b = tbox[t];
            if (b.max_x < sb.min_x || b.min_y > sb.max_y || b.max_y < sb.min_y || !prepared[t])
                continue;
            if (!GEOSPreparedIntersects_r(h, prepared[t], sg.get()))
                continue;
            double a = 0;
            if (GEOSPreparedContains_r(h, prepared[t], sg.get()) == 1) {
                GEOSArea_r(h, sg.get(), &a);
            } else {
                GeomPtr inter(GEOSIntersection_r(h, tg[t].get(), sg.get()), GeomDeleter{h});
                if (!inter)
                    throw core::DataError("overlay: GEOS could not intersect source area " + std::to_string(s) +
                                          " with district " + std::to_string(t));
                GEOSArea_r(h, inter.get(), &a);
            }
            if (a > 0)
                pieces.push_back({s, t, a});
        }
    }
    for (auto* p : prepared)
        if (p)
            GEOSPreparedGeom_destroy_r(h, p);
    std::sort(pieces.begin(), pieces.end(), [](const OverlayPiece& a, const OverlayPiece& b) {
        return a.source != b.source ? a.source < b.source : a.target < b.target;
    });
    return pieces;
}

std::vector<core::Point> points_on_surface(const std::vector<core::MultiPolygon>& polygons)
{
    using namespace detail;
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<core::Point> out(polygons.size(), core::Point{NAN, NAN});
    for (std::size_t d = 0; d < polygons.size(); ++d) {
        auto g = to_geos(ctx, polygons[d]);
        if (!g)
            continue;
        GeomPtr p(GEOSPointOnSurface_r(h, g.get()), GeomDeleter{h});
        if (p && !GEOSisEmpty_r(h, p.get())) {
            GEOSGeomGetX_r(h, p.get(), &out[d].x);
            GEOSGeomGetY_r(h, p.get(), &out[d].y);
        }
    }
    return out;
}

std::vector<double> share_within_distance(const std::vector<core::MultiPolygon>& polygons,
                                          const std::vector<core::Point>& points, double distance)
{
    using namespace detail;
    std::vector<double> share(polygons.size(), 0.0);
    if (points.empty() || !(distance > 0))
        return share;
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GEOSGeometry*> buffers;  // owned by the collection below
    for (const auto& p : points) {
        auto g = to_geos(ctx, p);
        buffers.push_back(GEOSBuffer_r(h, g.get(), distance, 16));
    }
    GeomPtr coll(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, buffers.data(),
                                             static_cast<unsigned>(buffers.size())),
                 GeomDeleter{h});
    GeomPtr reach(GEOSUnaryUnion_r(h, coll.get()), GeomDeleter{h});
    if (!reach)
        return share;
    const auto* prepared = GEOSPrepare_r(h, reach.get());
    for (std::size_t d = 0; d < polygons.size(); ++d) {
        auto g = to_geos(ctx, polygons[d]);
        if (!g || !GEOSPreparedIntersects_r(h, prepared, g.get()))
            continue;
        GeomPtr inter(GEOSIntersection_r(h, g.get(), reach.get()), GeomDeleter{h});
        double a = 0, total = 0;
        if (inter)
            GEOSArea_r(h, inter.get(), &a);
        GEOSArea_r(h, g.get(), &total);
        share[d] = total > 0 ? std::min(1.0, a / total) : 0.0;
    }
    GEOSPreparedGeom_destroy_r(h, prepared);
    return share;
}

}  // namespace trygg::spatial
