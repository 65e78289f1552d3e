// SPDX-License-Identifier: MIT
#include <trygg/io/feature_table.hpp>
#include <trygg/core/error.hpp>

#include <limits>

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
    if (source_)
        throw core::Error(core::ExitCode::internal,
                          "table '" + name_ + "': column '" + column.name + "' added to a table of generated rows");
    if (find(column.name))
        throw core::Error(core::ExitCode::internal, "table '" + name_ + "': column '" + column.name + "' added twice");
    columns_.push_back(std::move(column));
}

Column* FeatureTable::find_mutable(const std::string& name)
{
    materialise();
    for (auto& c : columns_)
        if (c.name == name)
            return &c;
    return nullptr;
}

const Column* FeatureTable::find(const std::string& name) const
{
    materialise();
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
    if (source_)
        return source_->row_count();
    return columns_.empty() ? 0 : columns_.front().size();
}

void FeatureTable::set_row_source(std::shared_ptr<const RowSource> source)
{
    if (!columns_.empty() || geometry_ != GeometryKind::none)
        throw core::Error(core::ExitCode::internal, "table '" + name_ + "': generated rows need a table without "
                                                    "columns or geometry");
    source_ = std::move(source);
}

std::vector<ColumnSpec> FeatureTable::column_specs() const
{
    if (source_)
        return source_->columns();
    std::vector<ColumnSpec> out;
    for (const auto& c : columns_) {
        auto kind = std::holds_alternative<std::vector<double>>(c.values) ? ColumnKind::real
                    : std::holds_alternative<std::vector<std::optional<std::int64_t>>>(c.values) ? ColumnKind::integer
                                                                                                  : ColumnKind::text;
        out.push_back({c.name, kind});
    }
    return out;
}

const std::vector<Column>& FeatureTable::columns() const
{
    materialise();
    return columns_;
}

namespace {
// Appends one row's values to the columns, in their order.
class ColumnSink final : public RowSink {
public:
    explicit ColumnSink(std::vector<Column>& columns) : columns_(columns) {}
    void next_row() { at_ = 0; }
    void null() override
    {
        std::visit(
            [](auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::vector<double>>)
                    v.push_back(std::numeric_limits<double>::quiet_NaN());
                else
                    v.emplace_back(std::nullopt);
            },
            columns_[at_++].values);
    }
    void integer(std::int64_t value) override
    {
        std::get<std::vector<std::optional<std::int64_t>>>(columns_[at_++].values).emplace_back(value);
    }
    void real(double value) override { std::get<std::vector<double>>(columns_[at_++].values).push_back(value); }
    void text(std::string_view value) override
    {
        std::get<std::vector<std::optional<std::string>>>(columns_[at_++].values).emplace_back(std::string(value));
    }

private:
    std::vector<Column>& columns_;
    std::size_t at_ = 0;
};
}  // namespace

void FeatureTable::materialise() const
{
    if (!source_)
        return;
    const auto source = std::move(source_);
    source_.reset();
    std::vector<Column> columns;
    for (const auto& spec : source->columns()) {
        Column c{spec.name, {}};
        if (spec.kind == ColumnKind::integer)
            c.values = std::vector<std::optional<std::int64_t>>();
        else if (spec.kind == ColumnKind::real)
            c.values = std::vector<double>();
        else
            c.values = std::vector<std::optional<std::string>>();
        columns.push_back(std::move(c));
    }
    ColumnSink sink(columns);
    for (std::size_t r = 0; r < source->row_count(); ++r) {
        sink.next_row();
        source->row(r, sink);
    }
    columns_ = std::move(columns);
}

}  // namespace trygg::io
