#include <trygg/io/feature_table.hpp>
#include <trygg/io/geopackage_content.hpp>

namespace trygg::io {

std::size_t Column::size() const
{
    return std::visit([](const auto& v) { return v.size(); }, values);
}

void FeatureTable::add_integer(const std::string& name, std::vector<std::optional<std::int64_t>> values)
{
    set_column(Column{name, std::move(values)});
}

void FeatureTable::add_real(const std::string& name, std::vector<double> values)
{
    set_column(Column{name, std::move(values)});
}

void FeatureTable::add_text(const std::string& name, std::vector<std::optional<std::string>> values)
{
    set_column(Column{name, std::move(values)});
}

void FeatureTable::set_column(Column column)
{
    for (auto& c : columns_)
        if (c.name == column.name) {
            c = std::move(column);
            return;
        }
    columns_.push_back(std::move(column));
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

FeatureTable& GeoPackageContent::table(const std::string& name, GeometryKind geometry)
{
    if (auto* t = find(name))
        return *t;
    tables_.emplace_back(name, geometry);
    return tables_.back();
}

FeatureTable* GeoPackageContent::find(const std::string& name)
{
    for (auto& t : tables_)
        if (t.name() == name)
            return &t;
    return nullptr;
}

}  // namespace trygg::io
