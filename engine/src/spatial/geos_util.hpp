// SPDX-License-Identifier: MIT
#pragma once
// Private: conversions between core geometry and GEOS (reentrant C API, one handle per use).
#include <trygg/core/geometry.hpp>

#include <geos_c.h>

#include <memory>

namespace trygg::spatial::detail {

class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;
    GEOSContextHandle_t get() const { return handle_; }

private:
    GEOSContextHandle_t handle_;
};

struct GeomDeleter {
    GEOSContextHandle_t h;
    void operator()(GEOSGeometry* g) const
    {
        if (g)
            GEOSGeom_destroy_r(h, g);
    }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GeomPtr to_geos(const GeosContext& ctx, const core::MultiPolygon& mp);
GeomPtr to_geos(const GeosContext& ctx, const core::Point& p);
// Keeps only polygonal parts.
core::MultiPolygon from_geos(const GeosContext& ctx, const GEOSGeometry* g);

}  // namespace trygg::spatial::detail
