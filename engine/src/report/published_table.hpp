// SPDX-License-Identifier: MIT
#pragma once
// Private: read access to the publication's published tables (Audience::published only) and
// its manifest, by column name, with nulls as std::nullopt / JSON null.
#include <trygg/io/feature_table.hpp>
#include <trygg/pipeline/publication.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace trygg::report {

// A published table by name; nullptr when absent or record-level.
const io::FeatureTable* published_table(const pipeline::Publication& publication, const std::string& name);
// The first published table whose name is `name` or starts with `name` + "_".
const io::FeatureTable* published_table_family(const pipeline::Publication& publication, const std::string& name);
// The published manifest (the run_manifest table's rows, parsed), {} when absent.
nlohmann::json published_manifest(const pipeline::Publication& publication);

class Col {
public:
    Col(const io::FeatureTable* table, const std::string& name) : column_(table ? table->find(name) : nullptr) {}
    explicit operator bool() const { return column_ != nullptr; }
    std::optional<double> real(std::size_t row) const;
    std::optional<long long> integer(std::size_t row) const;
    std::optional<std::string> text(std::size_t row) const;
    // The value as JSON: number, string or null.
    nlohmann::json json(std::size_t row) const;

private:
    const io::Column* column_;
};

// A finite double as JSON, else null.
inline nlohmann::json number_or_null(std::optional<double> v)
{
    return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace trygg::report
