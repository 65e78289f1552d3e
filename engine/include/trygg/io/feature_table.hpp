// SPDX-License-Identifier: MIT
#pragma once
// A layer or table to be written: typed columns plus optional geometry. Engine modules fill
// these; only the io module turns them into GDAL features.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trygg::io {

enum class GeometryKind { none, point, multipolygon };

struct Column {
    std::string name;
    // Nulls: std::nullopt for integer and text; NaN for real.
    std::variant<std::vector<std::optional<std::int64_t>>, std::vector<double>,
                 std::vector<std::optional<std::string>>>
        values;
    std::size_t size() const;
};

class FeatureTable {
public:
    FeatureTable() = default;
    FeatureTable(std::string name, GeometryKind geometry) : name_(std::move(name)), geometry_(geometry) {}

    const std::string& name() const { return name_; }
    GeometryKind geometry_kind() const { return geometry_; }

    std::string crs;          // e.g. "EPSG:3006"
    std::string description;  // written as the layer description
    std::string style_qml;    // QGIS style embedded as the layer's default style ("" = none)
    std::string style_name;
    // Further named styles a user can switch to in QGIS (Layer Properties > Style), not default.
    std::vector<std::pair<std::string, std::string>> extra_styles;  // (name, QML)

    std::vector<core::MultiPolygon> polygons;  // GeometryKind::multipolygon
    std::vector<core::Point> points;           // GeometryKind::point

    // Adds a column; its size must equal the row count of the table (checked when written).
    // A column name is added once: a second column of the same name throws core::Error (it
    // would silently replace published values; the publication names who claimed it first).
    void add_integer(const std::string& name, std::vector<std::optional<std::int64_t>> values);
    void add_real(const std::string& name, std::vector<double> values);
    void add_text(const std::string& name, std::vector<std::optional<std::string>> values);
    void add_column(Column column);
    // Mutable access for tables assembled row by row (see Publication::append_rows).
    Column* find_mutable(const std::string& name);

    const std::vector<Column>& columns() const { return columns_; }
    const Column* find(const std::string& name) const;
    // Rows: geometry count if the table has geometry, else the first column's size.
    std::size_t row_count() const;

private:
    std::string name_;
    GeometryKind geometry_ = GeometryKind::none;
    std::vector<Column> columns_;
};

}  // namespace trygg::io
