// SPDX-License-Identifier: MIT
#pragma once
// Streams a vector layer (any GDAL source) as one point per feature in a target CRS: a point
// feature's own point, else the centroid of the feature's geometry with the radius of the
// circle of its area. For gazetteers (address points, named places, districts).
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace trygg::io {

struct FeaturePoint {
    std::int64_t fid = 0;
    // False when the feature has no geometry, or it cannot be transformed or given a finite
    // point; `point` and `radius` are then meaningless.
    bool located = false;
    core::Point point;
    double radius = 0.0;  // 0 for a point feature
    // One per field (also when not located); "" for a null field and for fields not asked
    // for. Text as the source stores it (a shapefile without .cpg may give Windows-1252).
    const std::vector<std::string>& values;
    // A polygonal feature's geometry in the target CRS as little-endian WKB (spatial::from_wkb
    // reads it), "" for points and lines: geocoding tests containment against the polygon.
    std::string area_wkb = {};
};

// `header` gets the layer's field names, before any feature, and returns the indexes of the
// fields it wants (others stay ""); it may throw. `feature` is called once per feature in
// layer order. `layer` "" is the first layer; `target_crs` anything GDAL accepts. Throws
// core::InputError naming the file and layer when the source, layer or CRS is unusable.
void for_each_feature_point(const std::string& path, const std::string& layer, const std::string& target_crs,
                            const std::function<std::vector<int>(const std::vector<std::string>& fields)>& header,
                            const std::function<void(const FeaturePoint&)>& feature);

}  // namespace trygg::io
