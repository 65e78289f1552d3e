#include <trygg/factors/point_exposure.hpp>

#include "spatial/geos_util.hpp"

#include <cmath>

namespace trygg::factors {

std::vector<core::Point> representative_points(const std::vector<core::MultiPolygon>& districts)
{
    using namespace spatial::detail;
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<core::Point> out(districts.size(), core::Point{NAN, NAN});
    for (std::size_t d = 0; d < districts.size(); ++d) {
        auto g = to_geos(ctx, districts[d]);
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

PointExposure point_exposure(const std::vector<core::Point>& points, const std::vector<std::int32_t>& district_of,
                             const std::vector<core::MultiPolygon>& districts, double walk_distance, double decay)
{
    using namespace spatial::detail;
    const auto n = districts.size();
    PointExposure out;
    out.count.assign(n, 0.0);
    out.share_near.assign(n, 0.0);
    out.access.assign(n, 0.0);
    for (auto d : district_of)
        if (d >= 0 && static_cast<std::size_t>(d) < n)
            out.count[d] += 1;
    const auto rep = representative_points(districts);
    for (std::size_t d = 0; d < n; ++d)
        for (const auto& p : points) {
            // Summed in point order: deterministic.
            const double dist = std::hypot(p.x - rep[d].x, p.y - rep[d].y);
            if (decay > 0)
                out.access[d] += std::exp(-dist / decay);
        }
    if (points.empty() || !(walk_distance > 0))
        return out;
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GEOSGeometry*> buffers;
    for (const auto& p : points) {
        auto g = to_geos(ctx, p);
        buffers.push_back(GEOSBuffer_r(h, g.get(), walk_distance, 16));
    }
    GeomPtr coll(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, buffers.data(),
                                             static_cast<unsigned>(buffers.size())),
                 GeomDeleter{h});
    GeomPtr reach(GEOSUnaryUnion_r(h, coll.get()), GeomDeleter{h});
    if (!reach)
        return out;
    const auto* prepared = GEOSPrepare_r(h, reach.get());
    for (std::size_t d = 0; d < n; ++d) {
        auto g = to_geos(ctx, districts[d]);
        if (!g || !GEOSPreparedIntersects_r(h, prepared, g.get()))
            continue;
        GeomPtr inter(GEOSIntersection_r(h, g.get(), reach.get()), GeomDeleter{h});
        double a = 0, total = 0;
        if (inter)
            GEOSArea_r(h, inter.get(), &a);
        GEOSArea_r(h, g.get(), &total);
        out.share_near[d] = total > 0 ? std::min(1.0, a / total) : 0.0;
    }
    GEOSPreparedGeom_destroy_r(h, prepared);
    return out;
}

}  // namespace trygg::factors
