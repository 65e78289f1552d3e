// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/io/area_table_reader.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/io/scb_long_table.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace trygg::io {

TableFormat parse_table_format(const std::string& name)
{
    if (name == "auto" || name.empty())
        return TableFormat::auto_detect;
    if (name == "csv" || name == "plain")
        return TableFormat::plain;
    if (name == "scb")
        return TableFormat::scb;
    throw core::PipelineError("unknown table format '" + name + "' (use auto, plain or scb)");
}

namespace {

std::string trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// An SCB export: the first row is a single non-empty cell (the title) and the next row
// begins with an empty cell.
bool looks_like_scb(const CsvDocument& doc)
{
    if (doc.rows.size() < 3)
        return false;
    const auto& first = doc.rows[0].cells;
    bool single = !first.empty() && !trim(first[0]).empty() &&
                  std::all_of(first.begin() + 1, first.end(), [](const std::string& c) { return trim(c).empty(); });
    return single && !doc.rows[1].cells.empty() && trim(doc.rows[1].cells[0]).empty();
}

core::AreaTable read_scb(const std::string& path, CsvDocument doc, const AreaTableOptions& options)
{
    core::AreaTable t;
    auto rows = scb_rows(path, doc, t);
    const std::size_t width = rows.front().cells.size();
    auto first_nonempty = [](const CsvRow& r) {
        for (std::size_t i = 0; i < r.cells.size(); ++i)
            if (!trim(r.cells[i]).empty())
                return i;
        return r.cells.size();
    };
    // The key column is the leftmost column where any row starts; header rows start further right.
    std::size_t key_col = width;
    for (const auto& r : rows)
        key_col = std::min(key_col, first_nonempty(r));
    if (key_col >= width)
        throw core::InputError(path + ": SCB table has no data rows");
    std::vector<const CsvRow*> header, data;
    for (const auto& r : rows)
        (trim(r.cells[key_col]).empty() ? header : data).push_back(&r);
    if (data.empty())
        throw core::InputError(path + ": SCB table has no data rows");
    // Drop columns empty in every row (SCB leaves a leading empty column in some exports).
    std::vector<std::size_t> keep;
    for (std::size_t c = 0; c < width; ++c) {
        if (c == key_col) {
            keep.push_back(c);
            continue;
        }
        bool any = false;
        for (const auto& r : rows)
            any = any || !trim(r.cells[c]).empty();
        if (any && c > key_col)
            keep.push_back(c);
    }
    // Column names: header cells joined; header rows whose value is the same in every
    // value column ("totalt", "2022") are left out unless that would make names collide.
    std::vector<std::size_t> value_cols(keep.begin() + 1, keep.end());
    std::vector<const CsvRow*> varying;
    for (const auto* h : header) {
        std::set<std::string> distinct;
        for (auto c : value_cols)
            distinct.insert(trim(h->cells[c]));
        if (distinct.size() > 1 || value_cols.size() == 1)
            varying.push_back(h);
    }
    auto names_from = [&](const std::vector<const CsvRow*>& hs) {
        std::vector<std::string> names;
        for (auto c : value_cols) {
            std::string name;
            for (const auto* h : hs) {
                auto cell = trim(h->cells[c]);
                if (!cell.empty())
                    name += (name.empty() ? "" : " | ") + cell;
            }
            names.push_back(name.empty() ? "value" : name);
        }
        return names;
    };
    auto names = names_from(varying);
    if (std::set<std::string>(names.begin(), names.end()).size() != names.size())
        names = names_from(header);
    if (std::set<std::string>(names.begin(), names.end()).size() != names.size())
        for (std::size_t i = 0; i < names.size(); ++i)
            names[i] += " #" + std::to_string(i + 1);
    t.year = scb_header_year(header, value_cols);
    t.key_column = options.key.empty() ? "kod" : options.key;
    t.columns.push_back(t.key_column);
    t.columns.insert(t.columns.end(), names.begin(), names.end());
    std::set<std::string> seen;
    for (const auto* r : data) {
        std::vector<std::string> cells;
        for (auto c : keep)
            cells.push_back(trim(r->cells[c]));
        // "1980C1010 Västerås" style keys: keep the code.
        auto sp = cells[0].find(' ');
        if (sp != std::string::npos)
            cells[0] = cells[0].substr(0, sp);
        if (!seen.insert(cells[0]).second)
            throw core::InputError(path + ": line " + std::to_string(r->line) + ": area code '" + cells[0] +
                                   "' appears twice");
        t.rows.push_back(std::move(cells));
        t.source_rows.push_back(r->line);
    }
    return t;
}

// The table's year: options.year, unless an SCB header names another.
core::AreaTable with_year(core::AreaTable t, const AreaTableOptions& options)
{
    if (options.year && t.year && t.year != options.year)
        throw core::InputError(t.source + ": \"year\" is " + std::to_string(options.year) +
                               " but the export's header names the year " + std::to_string(t.year));
    if (options.year)
        t.year = options.year;
    return t;
}

core::AreaTable read_area_table_as_given(const std::string& path, const AreaTableOptions& options);

}  // namespace

core::AreaTable read_area_table(const std::string& path, const AreaTableOptions& options)
{
    return with_year(read_area_table_as_given(path, options), options);
}

namespace {

core::AreaTable read_area_table_as_given(const std::string& path, const AreaTableOptions& options)
{
    if (is_csv_path(path)) {
        auto doc = read_csv_file(path, CsvOptions{0, options.encoding});
        for (const auto& r : doc.rows)
            if (!r.problem.empty())
                throw core::InputError(path + ": line " + std::to_string(r.line) + ": " + r.problem);
        bool scb = options.format == TableFormat::scb ||
                   (options.format == TableFormat::auto_detect && looks_like_scb(doc));
        if (scb && options.long_layout)
            return read_scb_long(path, doc, options);
        if (scb)
            return read_scb(path, std::move(doc), options);
    }
    if (options.long_layout)
        throw core::InputError(path + ": \"layout\": \"long\" reshapes SCB exports (CSV as downloaded), "
                               "and this is not one");
    RecordOptions ro;
    ro.layer = options.layer;
    ro.encoding = options.encoding;
    ro.read_geometry = false;
    auto records = read_records(path, ro);
    core::AreaTable t;
    t.source = path;
    t.columns = records.fields;
    if (options.key.empty())
        throw core::InputError(path + ": no \"key\" column given (the fields are: " + records.field_list() + ")");
    if (records.field_index(options.key) < 0)
        throw core::with_detail(core::InputError(path + ": key field '" + options.key +
                                                 "' not found (the fields are: " + records.field_list() + ")"),
                                {"field_not_found",
                                 {{"file", path}, {"field", options.key}, {"role", "key"},
                                  {"fields", records.field_list()}}});
    t.key_column = options.key;
    for (std::size_t r = 0; r < records.rows.size(); ++r) {
        if (!records.problems[r].empty())
            throw core::InputError(path + ": " + records.row_word + " " + std::to_string(records.row_numbers[r]) +
                                   ": " + records.problems[r]);
        for (auto& cell : records.rows[r])
            cell = trim(cell);
        t.rows.push_back(std::move(records.rows[r]));
        t.source_rows.push_back(records.row_numbers[r]);
    }
    return t;
}

}  // namespace

}  // namespace trygg::io
