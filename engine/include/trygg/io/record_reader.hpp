#pragma once
// Reads any tabular or vector source into rows of text cells plus geometry: CSV through our
// own reader (exact row numbers and per-row problems), everything else (GeoPackage, GeoJSON,
// Shapefile, XLSX, PostGIS...) through GDAL.
#include <trygg/core/geometry.hpp>
#include <trygg/io/text_encoding.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trygg::io {

struct RecordOptions {
    std::string layer;      // GDAL layer name; empty: the first (only) layer
    char delimiter = 0;     // CSV: 0 detects
    Encoding encoding = Encoding::auto_detect;
    bool read_geometry = true;
};

enum class RecordGeometry { none, point, polygon };

struct Records {
    std::string source;
    std::string layer;
    std::string crs;  // WKT of the layer's CRS; empty when the source declares none
    RecordGeometry geometry = RecordGeometry::none;
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> rows;  // rows[r][f]; missing cells are ""
    std::vector<std::uint64_t> row_numbers;      // CSV: physical line; GDAL: feature id
    std::vector<std::string> problems;           // per row, "" when fine
    std::vector<std::optional<core::Point>> points;      // geometry == point
    std::vector<core::MultiPolygon> polygons;            // geometry == polygon (may be invalid)
    std::string row_word = "row";                // "row" (CSV) or "feature"

    int field_index(const std::string& name) const;
    // "the field names are: a, b, c" for error messages.
    std::string field_list() const;
};

bool is_csv_path(const std::string& path);
// Throws core::InputError (missing/unreadable file, unknown layer).
Records read_records(const std::string& path, const RecordOptions& options = {});
// Layer names of a GDAL source (for messages and validation).
std::vector<std::string> layer_names(const std::string& path);

}  // namespace trygg::io
