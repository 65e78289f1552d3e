// SPDX-License-Identifier: MIT
#include <trygg/spatial/point_on_surface.hpp>

#include "geos_util.hpp"

#include <cmath>
#include <limits>

namespace trygg::spatial {

core::Point point_on_surface(const core::MultiPolygon& area)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (area.empty())
        return {nan, nan};
    detail::GeosContext ctx;
    auto g = detail::to_geos(ctx, area);
    if (!g)
        return {nan, nan};
    detail::GeomPtr p(GEOSPointOnSurface_r(ctx.get(), g.get()), detail::GeomDeleter{ctx.get()});
    core::Point out{nan, nan};
    if (p && !GEOSisEmpty_r(ctx.get(), p.get())) {
        GEOSGeomGetX_r(ctx.get(), p.get(), &out.x);
        GEOSGeomGetY_r(ctx.get(), p.get(), &out.y);
    }
    return out;
}

}  // namespace trygg::spatial
