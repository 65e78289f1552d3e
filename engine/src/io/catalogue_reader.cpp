// SPDX-License-Identifier: MIT
#include <trygg/io/catalogue_reader.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/record_reader.hpp>

namespace trygg::io {

namespace {

// The header row names the fields as written; later rows keep their own width.
core::RecordRows ragged_csv_rows(const std::string& path)
{
    auto doc = read_csv_file(path);
    core::RecordRows out;
    out.source = path;
    if (doc.rows.empty())
        return out;
    out.fields = std::move(doc.rows.front().cells);
    for (std::size_t r = 1; r < doc.rows.size(); ++r) {
        auto& row = doc.rows[r];
        if (row.cells.size() < out.fields.size())
            row.cells.resize(out.fields.size());
        out.rows.push_back(std::move(row.cells));
        out.lines.push_back(row.line);
        out.problems.push_back(std::move(row.problem));
    }
    return out;
}

}  // namespace

core::RecordRows read_catalogue(const std::string& path, RowWidth width)
{
    if (width == RowWidth::may_differ && is_csv_path(path))
        return ragged_csv_rows(path);
    RecordOptions options;
    options.read_geometry = false;
    auto records = read_records(path, options);
    core::RecordRows out;
    out.source = path;
    out.fields = std::move(records.fields);
    out.rows = std::move(records.rows);
    out.lines = std::move(records.row_numbers);
    out.problems = std::move(records.problems);
    return out;
}

}  // namespace trygg::io
