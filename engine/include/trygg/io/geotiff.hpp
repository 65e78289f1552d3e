// SPDX-License-Identifier: MIT
#pragma once
// A single-band Float32 GeoTIFF writer (DEFLATE, tiled, nodata, CRS, metadata). GDAL stays
// behind this header.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace trygg::io {

struct GeoRaster {
    double origin_x = 0;  // west edge
    double origin_y = 0;  // north edge
    double pixel = 1;     // square pixels, CRS units
    std::int64_t cols = 0, rows = 0;
    std::string crs = "EPSG:3006";  // anything OGRSpatialReference::SetFromUserInput accepts
    float nodata = -9999.0f;
    std::string description;                      // band description
    std::map<std::string, std::string> metadata;  // dataset metadata items
    std::vector<float> values;                    // row-major, north row first
};

// Throws core::OutputError naming the file when it cannot be written. Written and verified a
// row of tiles at a time, `checkpoint` (may be empty) called between them.
void write_geotiff(const std::filesystem::path& path, const GeoRaster& raster,
                   const std::function<void()>& checkpoint = {});

// Reads band 1 back (for tests): fills everything but metadata/description.
GeoRaster read_geotiff(const std::filesystem::path& path);

}  // namespace trygg::io
