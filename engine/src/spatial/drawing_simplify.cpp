// SPDX-License-Identifier: MIT
#include "geos_util.hpp"

#include <trygg/spatial/drawing_simplify.hpp>

namespace trygg::spatial {

core::MultiPolygon simplify_for_drawing(const core::MultiPolygon& polygon, double tolerance)
{
    if (polygon.empty() || !(tolerance > 0))
        return polygon;
    detail::GeosContext ctx;
    auto h = ctx.get();
    auto g = detail::to_geos(ctx, polygon);
    if (!g)
        return polygon;
    detail::GeomPtr simple(GEOSTopologyPreserveSimplify_r(h, g.get(), tolerance), detail::GeomDeleter{h});
    if (!simple)
        return polygon;
    auto out = detail::from_geos(ctx, simple.get());
    return out.empty() ? polygon : out;
}

}  // namespace trygg::spatial
