// SPDX-License-Identifier: MIT
#pragma once
// A file written beside a GeoPackage (GeoTIFF raster, its QGIS style, a CSV copy, the run
// manifest), atomically with it: the callback writes a temporary path, which is renamed to
// `final_name` (relative to the GeoPackage's folder) only when every file was written. A long
// write calls `checkpoint` (may be empty) now and then: it throws when the run is cancelled.
#include <filesystem>
#include <functional>
#include <string>

namespace trygg::io {

struct SideFile {
    std::string final_name;
    std::function<void(const std::filesystem::path& temp_path, const std::function<void()>& checkpoint)> write;
    std::string description;
};

}  // namespace trygg::io
