// SPDX-License-Identifier: MIT
#pragma once
// The QGIS raster style written beside each kde GeoTIFF (<name>.qml next to <name>.tif), so QGIS
// opens the surface with a heat ramp stretched to that raster's own range.
#include <trygg/pipeline/publication.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

struct RasterRange {
    double min = 0, max = 0;
    bool empty = true;  // every pixel nodata
};

// Minimum and maximum of the pixels that are not `nodata` (nor NaN).
RasterRange raster_range(const std::vector<float>& values, float nodata);

// The style (plugins/qgis/trygg/styles/kde_raster.qml) with its range filled in: ramp stops at
// 0, 25, 50, 75 and 100 % of [min, max]; a flat or empty raster gets [min, min + 1].
std::string kde_raster_qml(const RasterRange& range);

// Adds `<tif stem>.qml` as a side file (written atomically with the GeoTIFF); the range is taken
// from `*values` when the file is written, without the pixels `joint` withholds (the mask
// Contribution::raster returned), so it matches the raster written from the same values.
void add_kde_style_side_file(Contribution& out, const std::string& tif_name, const std::vector<float>* values,
                             float nodata, std::shared_ptr<const JointPixelMask> joint = nullptr);

}  // namespace trygg::pipeline
