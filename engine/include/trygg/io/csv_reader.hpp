// SPDX-License-Identifier: MIT
#pragma once
// A forgiving but exact CSV reader for hand-edited registers: RFC 4180 quoting (with embedded
// delimiters, quotes and newlines), CRLF, UTF-8 BOM or Windows-1252, delimiter detection
// (, ; tab), and per-row problems reported instead of thrown so no row is silently lost.
#include <trygg/io/text_encoding.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::io {

struct CsvOptions {
    char delimiter = 0;  // 0: detect from the first line
    Encoding encoding = Encoding::auto_detect;
};

struct CsvRow {
    std::uint64_t line = 0;  // 1-based physical line where the row starts
    std::vector<std::string> cells;
    std::string problem;     // non-empty: malformed row (e.g. unterminated quote)
};

struct CsvDocument {
    char delimiter = ',';
    Encoding encoding = Encoding::utf8;
    std::vector<CsvRow> rows;  // all rows including the header row(s); blank lines skipped
};

// The delimiter (, ; or tab) occurring most often outside quotes on the first line; ',' if none.
char detect_csv_delimiter(std::string_view utf8_text);

// One row as seen by a streaming visitor: views valid only during the call.
struct CsvRowView {
    std::uint64_t line = 0;                        // 1-based physical line where the row starts
    const std::vector<std::string_view>& cells;
    std::string_view problem;                      // non-empty: malformed row
    std::size_t end_offset = 0;                    // byte offset in the text after this row (progress)
};

// Parses text that is already UTF-8 (no BOM) row by row without storing rows: `visit` is
// called once per row in order (blank lines skipped). Returns the delimiter used (detected
// from the first line when `delimiter` is 0). Never throws on malformed rows.
char for_each_csv_row(std::string_view utf8_text, char delimiter,
                      const std::function<void(const CsvRowView&)>& visit);
// The same for a part of a text that starts at a row (io/csv_split.hpp): lines are counted
// from `first_line`; end_offset is relative to the part.
char for_each_csv_row(std::string_view utf8_text, char delimiter, std::uint64_t first_line,
                      const std::function<void(const CsvRowView&)>& visit);
// Parses text that is already UTF-8 (no BOM). Never throws on malformed rows.
CsvDocument parse_csv(std::string_view utf8_text, char delimiter = 0);
// A file's bytes as they are. Throws core::InputError if it cannot be read.
std::string read_file_bytes(const std::string& path);
// Reads a file's bytes and converts them to UTF-8 (BOM stripped, encoding detected or as
// declared). Throws core::InputError if it cannot be read or its encoding is invalid.
std::string read_text_file(const std::string& path, Encoding encoding, Encoding* detected = nullptr);
// Reads a file; throws core::InputError if it cannot be read or its encoding is invalid.
CsvDocument read_csv_file(const std::string& path, const CsvOptions& options = {});

}  // namespace trygg::io
