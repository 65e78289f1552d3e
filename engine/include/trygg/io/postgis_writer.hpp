// SPDX-License-Identifier: MIT
#pragma once
// Copies a published GeoPackage (what write.gpkg wrote: layers, tables, the run manifest)
// into one PostgreSQL schema, atomically: every table is written into a temporary schema in
// one transaction, then a second transaction renames the previous schema away, the new one
// into place, drops the old one and replaces the tables' QGIS styles in public.layer_styles
// (the table QGIS reads a PostGIS layer's default style from). A write killed at any point
// leaves the previous version of the schema, and its styles, intact.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace trygg::io {

struct PostgisWrite {
    std::string source;  // "PG:service=..." (GDAL's form; the libpq part connects)
    std::string schema;  // the target schema, a plain lower-case name
    // Called between steps with the step's name ("connected", "copied <table>", "copied",
    // "swapped"): cancellation checks, and tests that kill the process at a step.
    std::function<void(const std::string& step)> checkpoint = [](const std::string&) {};
};

struct PostgisWritten {
    std::vector<std::string> tables;  // in the GeoPackage's order
    std::size_t styles = 0;
    bool replaced = false;            // an earlier version of the schema was replaced
};

// Throws core::OutputError with one line naming the source (redacted), schema and table.
PostgisWritten write_postgis(const std::filesystem::path& gpkg, const PostgisWrite& target);

// True for a schema name write_postgis accepts: [a-z_][a-z0-9_]*, at most 40 characters (the
// temporary schema's suffix must fit PostgreSQL's 63).
bool is_plain_schema_name(const std::string& name);

}  // namespace trygg::io
