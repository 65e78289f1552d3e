// SPDX-License-Identifier: MIT
#pragma once
// Private to io: a PostGIS table's rows by libpq COPY, for read_records. Measured on 1M points
// (tests/bench/postgis_read/bench.py), COPY moves the rows in well under half the CPU of
// fetching them as features through GDAL's PG driver (issue 20); GDAL still opens the table and
// describes it (fields, FID and geometry columns, CRS), so both paths see the same table.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trygg::io::detail {

struct CopyTable {
    std::string table;            // as GDAL names the layer: "name" or "schema.name"
    std::string fid_column;       // the integer key GDAL uses as the feature id
    std::vector<std::string> fields;
    std::string geometry_column;  // empty: no geometry is read
    bool multipoint = false;      // the geometry column holds MULTIPOINTs
};

// Calls `row` once per row, in the order of the FID column, with the FID, one text cell per
// field (NULL as "") and the point (none when the geometry is NULL, empty, or not one point).
// The table's row count and content checksum are remembered for database_provenance, so that
// it need not read the table again. Throws core::InputError with one line (the source shown
// redacted) on failure.
void copy_table_rows(const std::string& source, const CopyTable& table,
                     const std::function<void(std::uint64_t fid, std::vector<std::string>& cells,
                                              const std::optional<core::Point>& point)>& row);

// What copy_table_rows read of `table` from `source`: database_provenance's row count and
// checksum (the md5 of the sorted md5s of every row's text). Kept for the process.
void remember_table_checksum(const std::string& source, const std::string& table, std::uint64_t rows,
                             const std::string& content_md5);
struct TableChecksum {
    std::uint64_t rows = 0;
    std::string content_md5;
};
std::optional<TableChecksum> remembered_table_checksum(const std::string& source, const std::string& table);

}  // namespace trygg::io::detail
