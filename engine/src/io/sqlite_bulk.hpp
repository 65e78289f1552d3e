// SPDX-License-Identifier: MIT
#pragma once
// Bulk rows of non-spatial tables straight into a GeoPackage that GDAL has created (tables,
// fields, gpkg_contents), with one prepared INSERT per table in one transaction: OGR's
// feature-by-feature path costs ~1 µs per field, which dominated long tables such as
// incident_counts (hundreds of thousands of rows).
#include <trygg/io/feature_table.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace trygg::io::detail {

// Rows written between two commits (write.gpkg streams: issue 21).
inline constexpr std::size_t rows_per_transaction = 100000;
// Rows of a coded table stored in one SQLite row (BulkTable::coded).
inline constexpr std::size_t rows_per_block = 1024;
// Rows written between two calls of a writer's checkpoint (a cancel check: issue 21).
inline constexpr std::size_t rows_per_checkpoint = 10000;

struct BulkTable {
    const FeatureTable* table = nullptr;
    std::string sql_name;                 // table name as GDAL created it
    std::vector<std::string> sql_fields;  // column names as GDAL created them, in table column order
    // A table of coded rows (row_source.hpp: CodedRows), not created by GDAL: bulk_insert
    // writes `<name>_combinations` (kod, the coded columns), `<name>_blocks` (the fid of a
    // block's first row, and its rows_per_block rows as a JSON array of [plain columns..., kod])
    // and the empty `<name>_columns` (the columns' types), and registers the view `<name>`
    // reading them as the full table in gpkg_contents with this last-change time (empty: now).
    bool coded = false;
    std::string last_change;
};

// Inserts every row of each table (rows numbered 1..n in the fid column, as GDAL would) and
// sets gpkg_ogr_contents.feature_count. Tables of generated rows (row_source.hpp) are streamed
// from their source; every table is committed in transactions of rows_per_transaction rows. Throws core::OutputError naming `shown_path`.
// `checkpoint` (may be empty) is called every rows_per_checkpoint rows: it throws to stop (a cancelled run).
void bulk_insert(const std::filesystem::path& file, const std::vector<BulkTable>& tables,
                 const std::filesystem::path& shown_path, const std::function<void()>& checkpoint = {});

}  // namespace trygg::io::detail
