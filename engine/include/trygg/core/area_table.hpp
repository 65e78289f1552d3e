// SPDX-License-Identifier: MIT
#pragma once
// A table keyed by area code (population, SCB exports, surveys). Cells are kept as text;
// numeric() parses on demand with Swedish decimal commas and SCB's missing markers.
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::core {

struct AreaTable {
    std::string source;
    std::string title;                           // SCB title line, if any
    std::string key_column;                      // name of the key column
    std::vector<std::string> columns;            // every column, key included
    std::vector<std::vector<std::string>> rows;  // rows[r][c]
    std::vector<std::uint64_t> source_rows;      // 1-based line number of each row
    // The year the table describes: read.table's "year", or an SCB export's one year header;
    // 0 when not known. Aggregate's population uses it to give each period its own year.
    int year = 0;

    int column_index(const std::string& name) const
    {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name)
                return static_cast<int>(i);
        return -1;
    }
    const std::string& key(std::size_t r) const { return rows[r][static_cast<std::size_t>(column_index(key_column))]; }
};

// "1 234,5" -> 1234.5; "", "..", "-", ".." (SCB's markers) -> nullopt.
std::optional<double> parse_number(std::string_view text);
// A year cell: four digits from 1800 to 2200, spaces around allowed; 0 for anything else.
int parse_year(std::string_view text);

}  // namespace trygg::core
