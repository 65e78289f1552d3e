// SPDX-License-Identifier: MIT
#include "published_table.hpp"

#include <cmath>

namespace trygg::report {

const io::FeatureTable* published_table(const pipeline::Publication& publication, const std::string& name)
{
    for (const auto& t : publication.tables())
        if (t.table.name() == name)
            return t.audience == pipeline::Audience::published ? &t.table : nullptr;
    return nullptr;
}

const io::FeatureTable* published_table_family(const pipeline::Publication& publication, const std::string& name)
{
    for (const auto& t : publication.tables())
        if (t.audience == pipeline::Audience::published &&
            (t.table.name() == name || t.table.name().rfind(name + "_", 0) == 0))
            return &t.table;
    return nullptr;
}

nlohmann::json published_manifest(const pipeline::Publication& publication)
{
    nlohmann::json out = nlohmann::json::object();
    const auto* t = published_table(publication, "run_manifest");
    const Col key(t, "key"), value(t, "value");
    if (!t || !key || !value)
        return out;
    for (std::size_t r = 0; r < t->row_count(); ++r)
        if (auto k = key.text(r); k) {
            const auto text = value.text(r).value_or("null");
            auto parsed = nlohmann::json::parse(text, nullptr, false);
            out[*k] = parsed.is_discarded() ? nlohmann::json(text) : std::move(parsed);
        }
    return out;
}

std::optional<double> Col::real(std::size_t row) const
{
    if (!column_)
        return std::nullopt;
    if (const auto* d = std::get_if<std::vector<double>>(&column_->values))
        return row < d->size() && std::isfinite((*d)[row]) ? std::optional<double>((*d)[row]) : std::nullopt;
    if (const auto* i = std::get_if<std::vector<std::optional<std::int64_t>>>(&column_->values))
        return row < i->size() && (*i)[row] ? std::optional<double>(static_cast<double>(*(*i)[row])) : std::nullopt;
    return std::nullopt;
}

std::optional<long long> Col::integer(std::size_t row) const
{
    if (!column_)
        return std::nullopt;
    if (const auto* i = std::get_if<std::vector<std::optional<std::int64_t>>>(&column_->values))
        return row < i->size() && (*i)[row] ? std::optional<long long>(*(*i)[row]) : std::nullopt;
    if (auto r = real(row))
        return std::llround(*r);
    return std::nullopt;
}

std::optional<std::string> Col::text(std::size_t row) const
{
    if (!column_)
        return std::nullopt;
    if (const auto* s = std::get_if<std::vector<std::optional<std::string>>>(&column_->values))
        return row < s->size() ? (*s)[row] : std::nullopt;
    return std::nullopt;
}

nlohmann::json Col::json(std::size_t row) const
{
    if (!column_)
        return nullptr;
    if (std::holds_alternative<std::vector<std::optional<std::string>>>(column_->values)) {
        auto t = text(row);
        return t ? nlohmann::json(*t) : nlohmann::json(nullptr);
    }
    if (std::holds_alternative<std::vector<std::optional<std::int64_t>>>(column_->values)) {
        auto i = integer(row);
        return i ? nlohmann::json(*i) : nlohmann::json(nullptr);
    }
    return number_or_null(real(row));
}

}  // namespace trygg::report
