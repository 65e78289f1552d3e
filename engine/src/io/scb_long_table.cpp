// SPDX-License-Identifier: MIT
#include <trygg/core/demography.hpp>
#include <trygg/core/error.hpp>
#include <trygg/io/scb_long_table.hpp>

#include <algorithm>
#include <set>

namespace trygg::io {

namespace {

using core::parse_year;

std::string trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The variables of a title such as "Folkmängden per region efter region, år, ålder och kön",
// without the region (it is the key column): {"år", "ålder", "kön"}.
std::vector<std::string> title_variables(const std::string& title)
{
    std::vector<std::string> out;
    const auto at = title.rfind(" efter ");
    if (at == std::string::npos)
        return out;
    std::string list = title.substr(at + 7);
    for (std::size_t och; (och = list.find(" och ")) != std::string::npos;)
        list.replace(och, 5, ", ");
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        auto name = trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!name.empty() && name != "region")
            out.push_back(name);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

enum class Role { year, age, sex, other };

// What a header row holds, from its cells: years, age groups, sexes, or something else.
Role role_of(const std::vector<std::string>& cells)
{
    bool all_years = !cells.empty(), any_age = false, any_sex = false;
    for (const auto& c : cells) {
        all_years = all_years && parse_year(c) != 0;
        const auto age = core::parse_age_range(c);
        any_age = any_age || (age && !age->all());
        const auto sex = core::parse_sex(c);
        any_sex = any_sex || (sex && *sex != core::SexLabel::all);
    }
    return all_years ? Role::year : any_age ? Role::age : any_sex ? Role::sex : Role::other;
}

}  // namespace

int scb_header_year(const std::vector<const CsvRow*>& header, const std::vector<std::size_t>& value_cols)
{
    int found = 0;
    for (const auto* h : header) {
        std::set<int> years;
        bool only_years = true;
        for (auto c : value_cols) {
            const auto cell = c < h->cells.size() ? trim(h->cells[c]) : std::string();
            if (cell.empty())
                continue;
            const int y = parse_year(cell);
            only_years = only_years && y != 0;
            years.insert(y);
        }
        if (!only_years || years.empty())
            continue;
        if (years.size() > 1 || (found && found != *years.begin()))
            return 0;
        found = *years.begin();
    }
    return found;
}

std::vector<CsvRow> scb_rows(const std::string& path, const CsvDocument& doc, core::AreaTable& table)
{
    if (doc.rows.size() < 2 || doc.rows[0].cells.empty())
        throw core::InputError(path + ": not an SCB export (expected a title line, header rows and data rows)");
    table.source = path;
    table.title = trim(doc.rows[0].cells[0]);
    std::vector<CsvRow> rows(doc.rows.begin() + 1, doc.rows.end());
    std::size_t width = 0;
    for (const auto& r : rows)
        width = std::max(width, r.cells.size());
    for (auto& r : rows)
        r.cells.resize(width);
    return rows;
}

core::AreaTable read_scb_long(const std::string& path, const CsvDocument& doc, const AreaTableOptions& options)
{
    core::AreaTable t;
    auto rows = scb_rows(path, doc, t);
    const std::size_t width = rows.front().cells.size();
    for (auto& r : rows)
        for (auto& c : r.cells)
            c = trim(c);
    // As in the wide reading: the key column is the leftmost where any row starts; rows empty
    // there are header rows; value columns are the non-empty ones right of the key.
    std::size_t key_col = width;
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.cells.size(); ++i)
            if (!r.cells[i].empty()) {
                key_col = std::min(key_col, i);
                break;
            }
    std::vector<const CsvRow*> header, data;
    for (const auto& r : rows)
        if (key_col < width)
            (r.cells[key_col].empty() ? header : data).push_back(&r);
    if (data.empty())
        throw core::InputError(path + ": SCB table has no data rows");
    std::vector<std::size_t> value_cols;
    for (std::size_t c = key_col + 1; c < width; ++c)
        if (std::any_of(rows.begin(), rows.end(), [&](const CsvRow& r) { return !r.cells[c].empty(); }))
            value_cols.push_back(c);
    // Header variables, each cell continuing the one to its left when empty.
    std::vector<std::vector<std::string>> levels;
    for (const auto* h : header) {
        std::vector<std::string> cells;
        std::string current;
        for (auto c : value_cols) {
            if (!h->cells[c].empty())
                current = h->cells[c];
            cells.push_back(current);
        }
        levels.push_back(std::move(cells));
    }
    std::vector<Role> roles;
    for (const auto& l : levels)
        roles.push_back(role_of(l));
    const bool has_year_row = std::count(roles.begin(), roles.end(), Role::year) > 0;
    auto vars = title_variables(t.title);
    if (!has_year_row)  // a year named in the title but not in the header: the export left it out
        vars.erase(std::remove(vars.begin(), vars.end(), std::string(scb_long_year_column)), vars.end());
    std::vector<std::string> names;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (vars.size() == levels.size()) {
            names.push_back(vars[i]);
            continue;
        }
        switch (roles[i]) {
        case Role::year: names.push_back(scb_long_year_column); break;
        case Role::age: names.push_back("ålder"); break;
        case Role::sex: names.push_back("kön"); break;
        case Role::other: names.push_back("variabel " + std::to_string(i + 1)); break;
        }
    }
    const int header_year = scb_header_year(header, value_cols);
    if (options.year && has_year_row && header_year != options.year)
        throw core::InputError(path + ": \"year\" is " + std::to_string(options.year) +
                               " but the export's header names " +
                               (header_year ? "the year " + std::to_string(header_year)
                                            : std::string("several years")));
    const bool add_year = options.year && !has_year_row;
    t.year = header_year ? header_year : options.year;
    t.key_column = options.key.empty() ? "kod" : options.key;
    t.columns.push_back(t.key_column);
    t.columns.insert(t.columns.end(), names.begin(), names.end());
    if (add_year)
        t.columns.push_back(scb_long_year_column);
    t.columns.push_back(scb_long_value_column);
    if (std::set<std::string>(t.columns.begin(), t.columns.end()).size() != t.columns.size())
        throw core::InputError(path + ": the header variables of the SCB export give two columns the same name");
    std::set<std::string> seen;
    for (const auto* r : data) {
        auto code = r->cells[key_col];
        if (const auto sp = code.find(' '); sp != std::string::npos)  // "1980C1010 Västerås": the code
            code = code.substr(0, sp);
        if (!seen.insert(code).second)
            throw core::InputError(path + ": line " + std::to_string(r->line) + ": area code '" + code +
                                   "' appears twice");
        for (std::size_t v = 0; v < value_cols.size(); ++v) {
            std::vector<std::string> cells{code};
            for (const auto& l : levels)
                cells.push_back(l[v]);
            if (add_year)
                cells.push_back(std::to_string(options.year));
            cells.push_back(r->cells[value_cols[v]]);
            t.rows.push_back(std::move(cells));
            t.source_rows.push_back(r->line);
        }
    }
    return t;
}

}  // namespace trygg::io
