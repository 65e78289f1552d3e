// SPDX-License-Identifier: MIT
#include "geos_util.hpp"

#include <trygg/core/error.hpp>

#include <vector>

namespace trygg::spatial::detail {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {}
GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

namespace {

GEOSGeometry* ring_to_geos(GEOSContextHandle_t h, const core::Ring& ring)
{
    auto* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
    for (std::size_t i = 0; i < ring.size(); ++i)
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), ring[i].x, ring[i].y);
    return GEOSGeom_createLinearRing_r(h, seq);
}

core::Ring ring_from_geos(GEOSContextHandle_t h, const GEOSGeometry* ring)
{
    const auto* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    core::Ring out(n);
    for (unsigned i = 0; i < n; ++i)
        GEOSCoordSeq_getXY_r(h, seq, i, &out[i].x, &out[i].y);
    return out;
}

void collect(GEOSContextHandle_t h, const GEOSGeometry* g, core::MultiPolygon& out)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g))
            return;
        core::Polygon p;
        p.outer = ring_from_geos(h, GEOSGetExteriorRing_r(h, g));
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i)
            p.holes.push_back(ring_from_geos(h, GEOSGetInteriorRingN_r(h, g, i)));
        out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i)
            collect(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}

}  // namespace

GeomPtr to_geos(const GeosContext& ctx, const core::MultiPolygon& mp)
{
    auto h = ctx.get();
    std::vector<GEOSGeometry*> polys;
    for (const auto& poly : mp) {
        if (poly.outer.size() < 4)
            continue;
        auto* shell = ring_to_geos(h, poly.outer);
        std::vector<GEOSGeometry*> holes;
        for (const auto& hole : poly.holes)
            if (hole.size() >= 4)
                holes.push_back(ring_to_geos(h, hole));
        polys.push_back(GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
    }
    return GeomPtr(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())),
                   GeomDeleter{h});
}

GeomPtr to_geos(const GeosContext& ctx, const core::Point& p)
{
    return GeomPtr(GEOSGeom_createPointFromXY_r(ctx.get(), p.x, p.y), GeomDeleter{ctx.get()});
}

core::MultiPolygon from_geos(const GeosContext& ctx, const GEOSGeometry* g)
{
    core::MultiPolygon out;
    if (g)
        collect(ctx.get(), g, out);
    return out;
}

}  // namespace trygg::spatial::detail
