// SPDX-License-Identifier: MIT
#pragma once
// A layer or table to be written: typed columns plus optional geometry. Engine modules fill
// these; only the io module turns them into GDAL features.
#include <trygg/core/geometry.hpp>
#include <trygg/io/row_source.hpp>

#include <cstdint>
#include <memory>
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

    // Rows produced on demand (row_source.hpp) instead of columns, for long non-spatial tables:
    // writers stream them; columns(), find() and find_mutable() turn them into columns first
    // (a reader that needs the values, e.g. the report), after which the columns are the table.
    void set_row_source(std::shared_ptr<const RowSource> source);
    const RowSource* row_source() const { return source_.get(); }
    // Column names and kinds without turning a row source into columns.
    std::vector<ColumnSpec> column_specs() const;

    const std::vector<Column>& columns() const;
    const Column* find(const std::string& name) const;
    // Rows: geometry count if the table has geometry, else the first column's size.
    std::size_t row_count() const;

private:
    void materialise() const;

    std::string name_;
    GeometryKind geometry_ = GeometryKind::none;
    mutable std::vector<Column> columns_;
    mutable std::shared_ptr<const RowSource> source_;
};

}  // namespace trygg::io
