// SPDX-License-Identifier: MIT
#pragma once
// Small GDAL readers for the reference datasets (the engine's own readers are not used, so
// these tests do not depend on them).
#include <trygg/core/geometry.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace trygg::test {

// Values of `field` in feature order of the first layer of `path` (.dbf, .shp, .gpkg, .csv).
// `layer` empty: the first layer. Null fields read as NaN / "".
std::vector<double> read_numbers(const std::filesystem::path& path, const std::string& field,
                                 const std::string& layer = "");
std::vector<std::string> read_strings(const std::filesystem::path& path, const std::string& field,
                                      const std::string& layer = "");
// Field names of a layer.
std::vector<std::string> read_field_names(const std::filesystem::path& path, const std::string& layer = "");
// Polygon/MultiPolygon geometries in feature order, coordinates as stored (no reprojection).
std::vector<core::MultiPolygon> read_polygons(const std::filesystem::path& path);

}  // namespace trygg::test
