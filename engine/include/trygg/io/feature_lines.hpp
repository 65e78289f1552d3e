// SPDX-License-Identifier: MIT
#pragma once
// Streams a vector layer (any GDAL source) as the vertices of each feature's line parts in a
// target CRS: a LineString is one part, a MultiLineString one part per line, a point one
// single-vertex part (a named node such as an interchange). For road layers (OSM, NVDB).
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace trygg::io {

struct FeatureLine {
    std::int64_t fid = 0;
    std::vector<std::vector<core::Point>> parts;  // empty when no usable geometry
    // One per field; "" for a null field and for fields not asked for.
    const std::vector<std::string>& values;
};

// As io::for_each_feature_point: `header` gets the field names and returns the indexes wanted;
// throws core::InputError naming the file and layer when the source, layer or CRS is unusable.
void for_each_feature_line(const std::string& path, const std::string& layer, const std::string& target_crs,
                           const std::function<std::vector<int>(const std::vector<std::string>& fields)>& header,
                           const std::function<void(const FeatureLine&)>& feature);

}  // namespace trygg::io
