// SPDX-License-Identifier: MIT
#include "population_input.hpp"

#include <trygg/core/error_detail.hpp>
#include <trygg/core/warning_code.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/stats/population_years.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace trygg::pipeline {

namespace {

// The gathered table's year column when the tables' years come from their read.table stages.
constexpr const char* table_year_column = "befolkningsår";

std::string field_list(const core::AreaTable& t)
{
    std::string cols;
    for (const auto& c : t.columns)
        cols += (cols.empty() ? "" : ", ") + c;
    return cols;
}

// Every row of `t` holds a year in `column`; else one line naming the file, row and field.
void check_year_cells(const StageContext& ctx, const core::AreaTable& t, const std::string& column)
{
    const int yc = t.column_index(column);
    if (yc < 0)
        ctx.fail_input("\"population\": year field '" + column + "' not found in '" + t.source +
                       "' (the fields are: " + field_list(t) + ")");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& cell = t.rows[r][static_cast<std::size_t>(yc)];
        if (!core::parse_year(cell))
            ctx.fail_input("'" + t.source + "' row " + std::to_string(t.source_rows[r]) + ": field '" + column +
                           "': '" + cell + "' is not a year (four digits, e.g. 2023)");
    }
}

}  // namespace

std::optional<PopulationInput> gather_population(const StageContext& ctx, const PopulationColumns& columns,
                                                 const core::AreaTable* slot_table)
{
    std::vector<const core::AreaTable*> tables;
    for (const auto& tag : columns.tables) {
        auto artifact = std::dynamic_pointer_cast<const TableArtifact>(ctx.input_tagged(tag));
        if (!artifact)
            ctx.fail_input("\"population\": \"tables\": '" + tag + "' is not a table stage");
        tables.push_back(&artifact->table);
    }
    if (tables.empty() && slot_table)
        tables.push_back(slot_table);
    if (tables.empty())
        return std::nullopt;
    if (columns.value.empty())  // aggregate refuses it, naming the table
        return PopulationInput{*tables[0], ""};
    if (!columns.year.empty()) {
        std::map<int, const core::AreaTable*> owner;  // two tables with rows of one year would add up
        for (const auto* t : tables) {
            check_year_cells(ctx, *t, columns.year);
            for (int y : stats::population_table_years(*t, t->column_index(columns.year)))
                if (!owner.emplace(y, t).second && owner[y] != t)
                    ctx.fail_input("\"population\": '" + owner[y]->source + "' and '" + t->source +
                                   "' both have rows for " + std::to_string(y) + "; give each year in one table");
        }
    }
    // A year column left unnamed: its years' rows would be added up as one population.
    if (columns.year.empty())
        for (const auto* t : tables)
            for (const char* name : {"år", "ar", "year", "Year", "År"}) {
                const auto years = stats::population_table_years(*t, t->column_index(name));
                if (years.size() > 1)
                    ctx.warn("population: '" + t->source + "' has a year field '" + name + "' with several years (" +
                             std::to_string(years.front()) + " to " + std::to_string(years.back()) +
                             ") but \"population\" names no \"year\"; the rows of every year are added up");
            }
    // One table: as it is (with its year column, or without years: it serves every period),
    // unless read.table gave it a year.
    if (tables.size() == 1 && (!columns.year.empty() || tables[0]->year == 0))
        return PopulationInput{*tables[0], columns.year};
    std::map<int, const core::AreaTable*> by_year;
    if (columns.year.empty())
        for (const auto* t : tables) {
            if (t->year == 0)
                ctx.fail_input("\"population\": the table '" + t->source + "' has no year: give its read.table "
                               "stage a \"year\" or name the tables' year field in \"population\": {\"year\": ...}");
            if (by_year.count(t->year))
                ctx.fail_input("\"population\": '" + by_year[t->year]->source + "' and '" + t->source +
                               "' are both for " + std::to_string(t->year) + "; give one table per year");
            by_year[t->year] = t;
        }
    // Gathered: the union of the tables' columns (the first table's key column for every key);
    // a cell a table does not have stays empty (no sex or age: a total).
    PopulationInput out;
    auto& g = out.table;
    g.key_column = tables[0]->key_column;
    g.columns.push_back(g.key_column);
    for (const auto* t : tables) {
        if (t->column_index(columns.value) < 0)
            ctx.fail_input(core::coded("field '" + columns.value + "' not found in '" + t->source + "' (the fields are: " +
                               field_list(*t) + ")",
                           {"field_not_found",
                            {{"file", t->source}, {"field", columns.value}, {"role", "population"},
                             {"fields", field_list(*t)}}}));
        g.source += (g.source.empty() ? "" : ", ") + t->source;
        for (const auto& c : t->columns)
            if (c != t->key_column && g.column_index(c) < 0)
                g.columns.push_back(c);
    }
    out.year_column = columns.year;
    if (out.year_column.empty()) {
        if (g.column_index(table_year_column) >= 0)
            ctx.fail_input("\"population\": a table has a field '" + std::string(table_year_column) +
                           "'; name it as the year field: \"population\": {\"year\": \"" + table_year_column + "\"}");
        out.year_column = table_year_column;
        g.columns.push_back(table_year_column);
    }
    for (const auto* t : tables) {
        // Where each of the table's columns goes in the gathered table (its key: the first).
        std::vector<std::size_t> to;
        for (const auto& c : t->columns)
            to.push_back(c == t->key_column ? 0 : static_cast<std::size_t>(g.column_index(c)));
        for (std::size_t r = 0; r < t->rows.size(); ++r) {
            std::vector<std::string> row(g.columns.size());
            for (std::size_t c = 0; c < t->columns.size(); ++c)
                row[to[c]] = t->rows[r][c];
            if (columns.year.empty())
                row.back() = std::to_string(t->year);
            g.rows.push_back(std::move(row));
            g.source_rows.push_back(t->source_rows[r]);
        }
    }
    return out;
}

namespace {

// Age bands whose population the table's age groups cannot build (a group straddles the band,
// or none covers part of it; aggregate.cpp's band_population): their rates stay empty.
void warn_unbuilt_age_bands(const StageContext& ctx, const stats::AggregateResult& r)
{
    if (r.options.population_age.empty() || r.groups.empty() || r.age_labels.size() < 3)
        return;
    std::map<int, std::size_t> period_of_year;  // one period per population year
    for (std::size_t p = 0; p < r.periods.size(); ++p)
        period_of_year.emplace(r.population_year_of_period[p], p);
    std::string text;
    for (const auto& [year, p] : period_of_year) {
        std::string bands;
        for (std::size_t a = 1; a + 1 < r.age_labels.size(); ++a) {
            std::size_t missing = 0, with_total = 0;
            for (std::size_t d = 0; d < r.district_count; ++d) {
                const auto all = r.find(static_cast<int>(d), static_cast<int>(p), 0, 0, 0);
                const auto band = r.find(static_cast<int>(d), static_cast<int>(p), 0, 0, static_cast<int>(a));
                if (all && band && all->population > 0) {
                    ++with_total;
                    missing += std::isnan(band->population);
                }
            }
            if (missing)
                bands += (bands.empty() ? "" : ", ") + r.age_labels[a] +
                         (missing < with_total ? " (" + std::to_string(missing) + " districts)" : "");
        }
        if (!bands.empty())
            text += (text.empty() ? "" : "; ") + (year ? std::to_string(year) + ": " : std::string()) + bands;
    }
    if (!text.empty())
        ctx.warn(core::coded_warning(
            "population: the age groups of the population table do not build these age bands (a group "
            "straddles a band or none covers part of it), so their rates per 1,000 are empty: " + text,
            {"population_age_bands_unbuilt", {{"bands", text}}}));
}

}  // namespace

void report_population_years(const StageContext& ctx, const stats::AggregateResult& r)
{
    warn_unbuilt_age_bands(ctx, r);
    const auto& used = r.population_year_of_period;
    if (used.empty() || used.front() == 0)
        return;
    const auto fallbacks = stats::describe_population_fallbacks(r.periods, used);
    if (!fallbacks.empty())
    {
        // "2020H1–2021H2=2022;2024H1=2023" for a front end: periods, then the year they use.
        std::string pairs = fallbacks;
        for (const std::string word : {" uses ", " use "})
            for (auto at = pairs.find(word); at != std::string::npos; at = pairs.find(word))
                pairs.replace(at, word.size(), "=");
        for (auto at = pairs.find("; "); at != std::string::npos; at = pairs.find("; "))
            pairs.replace(at, 2, ";");
        ctx.warn(core::coded_warning(
            "population: no population of their own year for some periods; the nearest year's is used: " + fallbacks,
            {"population_year_fallback", {{"fallbacks", pairs}}}));
    }
    // Districts without a population in a year other than the first period's (aggregate warns
    // about that one): their rates in that year's periods are empty.
    std::map<int, std::size_t> period_of_year;
    for (std::size_t p = 0; p < r.periods.size(); ++p)
        period_of_year.emplace(used[p], p);
    for (const auto& [year, p] : period_of_year) {
        if (year == used.front())
            continue;
        const auto pops = r.district_population(static_cast<int>(p));
        const auto missing =
            static_cast<std::size_t>(std::count_if(pops.begin(), pops.end(), [](double v) { return !(v > 0); }));
        if (missing)
            ctx.warn(core::coded_warning(std::to_string(missing) + " districts have no population in " +
                                             std::to_string(year) + "; their rates per 1,000 in the periods using " +
                                             std::to_string(year) + " are empty",
                                         {"population_missing_year",
                                          {{"count", std::to_string(missing)}, {"year", std::to_string(year)}}}));
    }
    nlohmann::json years = nlohmann::json::object();
    for (std::size_t p = 0; p < r.periods.size(); ++p)
        years[r.periods[p]] = used[p];
    ctx.manifest().set("population_years:" + ctx.tag(), years);
}

}  // namespace trygg::pipeline
