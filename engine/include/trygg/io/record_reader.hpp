// SPDX-License-Identifier: MIT
#pragma once
// Reads any tabular or vector source into rows of text cells plus geometry: CSV through our
// own reader (exact row numbers and per-row problems), everything else (GeoPackage, GeoJSON,
// Shapefile, XLSX, PostGIS...) through GDAL.
#include <trygg/core/geometry.hpp>
#include <trygg/io/text_encoding.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::io {

struct RecordOptions {
    std::string layer;      // GDAL layer name; empty: the first (only) layer
    char delimiter = 0;     // CSV: 0 detects
    Encoding encoding = Encoding::auto_detect;
    bool read_geometry = true;
};

enum class RecordGeometry { none, point, polygon };

struct Records {
    std::string source;
    std::string layer;
    std::string crs;  // WKT of the layer's CRS; empty when the source declares none
    RecordGeometry geometry = RecordGeometry::none;
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> rows;  // rows[r][f]; missing cells are ""
    std::vector<std::uint64_t> row_numbers;      // CSV: physical line; GDAL: feature id
    std::vector<std::string> problems;           // per row, "" when fine
    std::vector<std::optional<core::Point>> points;      // geometry == point
    std::vector<core::MultiPolygon> polygons;            // geometry == polygon (may be invalid)
    std::string row_word = "row";                // "row" (CSV) or "feature"

    int field_index(const std::string& name) const;
    // "the field names are: a, b, c" for error messages.
    std::string field_list() const;
};

bool is_csv_path(const std::string& path);
// Throws core::InputError (missing/unreadable file, unknown layer).
Records read_records(const std::string& path, const RecordOptions& options = {});
// One row handed to a streaming visitor; the views are valid only during the call.
struct RecordRow {
    std::uint64_t number = 0;                     // CSV: physical line; GDAL: feature id
    const std::vector<std::string_view>& cells;   // one per field; missing cells are ""
    std::string_view problem;                     // "" when fine
    const std::optional<core::Point>* point = nullptr;  // geometry == point
    std::uint64_t progress_done = 0, progress_total = 0;  // CSV: bytes; other sources: rows
};
// Streams a source: `header` is called once, before any row, with the Records' description
// (source, layer, crs, geometry, fields, row_word; no rows), then `row` once per row in order.
// CSV rows are parsed straight from the file's text and never stored, so memory stays at the
// file's size; other sources are read through read_records first. Throws as read_records.
void for_each_record(const std::string& path, const RecordOptions& options,
                     const std::function<void(const Records&)>& header,
                     const std::function<void(const RecordRow&)>& row);
// for_each_record on up to `parts` threads: a CSV text is split at row boundaries
// (io/csv_split.hpp) and part k's rows are handed to `row(k, ...)` on thread k, in order within
// the part; the parts follow each other in the file, so concatenating what each part produced
// in part order gives the sequential order. Row numbers and messages are those of
// for_each_record. `header(records, rows_hint)` is called once, before any row, with one entry
// per part that will be used (one for other sources, small files, or a text that cannot be
// split): about the part's row count (its line breaks + 1; exact for non-CSV sources), for
// sizing columns once. Part 0 runs on the calling thread and its progress covers part 0 only. The first
// exception of any part is rethrown after every part has stopped.
void for_each_record_in_parts(const std::string& path, const RecordOptions& options, std::size_t parts,
                              const std::function<void(const Records&, const std::vector<std::size_t>& rows_hint)>& header,
                              const std::function<void(std::size_t part, const RecordRow&)>& row);
// A CSV text in chunks of about `chunk_bytes`, for a reader that drops each chunk once it has
// used it (issue 20, bounded memory): `header` once; then for each chunk `begin(rows_hint)`
// (one entry per part of the chunk, as for_each_record_in_parts), its rows on up to `parts`
// threads (`row(k, ...)`, part k of the chunk on thread k, in order within the part), and
// `end()` on the calling thread after the chunk's last row. Chunks follow each other in the
// file and parts within a chunk too. Row numbers and messages are those of for_each_record.
// Throws core::InputError for a source that is not a CSV file.
void for_each_record_in_chunks(const std::string& path, const RecordOptions& options, std::size_t parts,
                               std::size_t chunk_bytes, const std::function<void(const Records&)>& header,
                               const std::function<void(const std::vector<std::size_t>& rows_hint)>& begin,
                               const std::function<void(std::size_t part, const RecordRow&)>& row,
                               const std::function<void()>& end);
// Layer names of a GDAL source (for messages and validation).
std::vector<std::string> layer_names(const std::string& path);

}  // namespace trygg::io
