// SPDX-License-Identifier: MIT
#include <trygg/core/versions.hpp>

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

namespace trygg::core {

Versions versions()
{
    return Versions{TRYGG_VERSION, GDALVersionInfo("RELEASE_NAME"), proj_info().version, GEOSversion()};
}

}  // namespace trygg::core
