// SPDX-License-Identifier: MIT
#include <trygg/io/feature_table.hpp>
#include <trygg/core/error.hpp>

namespace trygg::io {

std::size_t Column::size() const
{
    return std::visit([](const auto& v) { return v.size(); }, values);
}

void FeatureTable::add_integer(const std::string& name, std::vector<std::optional<std::int64_t>> values)
{
    add_column(Column{name, std::move(values)});
}

void FeatureTable::add_real(const std::string& name, std::vector<double> values)
{
    add_column(Column{name, std::move(values)});
}

void FeatureTable::add_text(const std::string& name, std::vector<std::optional<std::string>> values)
{
    add_column(Column{name, std::move(values)});
}

void FeatureTable::add_column(Column column)
{
    if (find(column.name))
        throw core::Error(core::ExitCode::internal, "table '" + name_ + "': column '" + column.name + "' added twice");
    columns_.push_back(std::move(column));
}

Column* FeatureTable::find_mutable(const std::string& name)
{
    for (auto& c : columns_)
        if (c.name == name)
            return &c;
    return nullptr;
}

const Column* FeatureTable::find(const std::string& name) const
{
    for (const auto& c : columns_)
        if (c.name == name)
            return &c;
    return nullptr;
}

std::size_t FeatureTable::row_count() const
{
    switch (geometry_) {
    case GeometryKind::point: return points.size();
    case GeometryKind::multipolygon: return polygons.size();
    case GeometryKind::none: break;
    }
    return columns_.empty() ? 0 : columns_.front().size();
}

}  // namespace trygg::io
