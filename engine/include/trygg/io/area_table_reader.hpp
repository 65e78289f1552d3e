// SPDX-License-Identifier: MIT
#pragma once
// Tables keyed by area code: plain CSV/XLSX/any GDAL table with a key column, or SCB
// Statistikdatabasen (PxWeb) CSV exports as downloaded: a quoted title line, several header
// rows that start with empty cells, then one row per area.
#include <trygg/core/area_table.hpp>
#include <trygg/io/text_encoding.hpp>

#include <string>

namespace trygg::io {

enum class TableFormat { auto_detect, plain, scb };

TableFormat parse_table_format(const std::string& name);  // "auto", "csv"/"plain", "scb"

struct AreaTableOptions {
    std::string key;  // key column (plain tables; for SCB the detected code column is named this)
    TableFormat format = TableFormat::auto_detect;
    Encoding encoding = Encoding::auto_detect;
    std::string layer;
    // SCB exports: reshape into long rows (scb_long_table.hpp) instead of one column per value.
    bool long_layout = false;
    // The year the table describes (0: from an SCB export's year header, or not known); an
    // export whose header names another year is refused.
    int year = 0;
};

// Throws core::InputError naming the file (and row) for unreadable tables or a missing key.
core::AreaTable read_area_table(const std::string& path, const AreaTableOptions& options);

}  // namespace trygg::io
