// SPDX-License-Identifier: MIT
#pragma once
// SCB Statistikdatabasen (PxWeb) exports put variables such as year, age and sex in header rows
// over the value columns ("wide"). Reshaped into long rows, one per area and value column, every
// header variable becomes a column (år, ålder, kön ...) beside the value ("värde"), which is the
// form aggregate's population reads.
#include <trygg/core/area_table.hpp>
#include <trygg/io/area_table_reader.hpp>
#include <trygg/io/csv_reader.hpp>

#include <string>
#include <vector>

namespace trygg::io {

// The value column of a long table.
inline constexpr const char* scb_long_value_column = "värde";
// The year column of a long table (and of a table given a "year").
inline constexpr const char* scb_long_year_column = "år";

// The part of an SCB export both readings share: checks it has a title line and rows, sets
// `table`'s source and title, and returns the rows after the title, padded to one width.
// Throws InputError.
std::vector<CsvRow> scb_rows(const std::string& path, const CsvDocument& doc, core::AreaTable& table);

// The year of an export's header rows: one row whose non-empty cells all hold the same year
// (PxWeb writes it once, over every column); 0 when no row does or they name several years.
int scb_header_year(const std::vector<const CsvRow*>& header, const std::vector<std::size_t>& value_cols);

// `doc` (an SCB export as read) as long rows: the key, one column per header variable (named
// from the title's "efter ..." list when it matches, else år/ålder/kön by content), then
// "värde". A header cell left empty continues the one to its left (PxWeb spans it). With
// options.year and no year header, an "år" column holding it is added. Throws InputError.
core::AreaTable read_scb_long(const std::string& path, const CsvDocument& doc, const AreaTableOptions& options);

}  // namespace trygg::io
