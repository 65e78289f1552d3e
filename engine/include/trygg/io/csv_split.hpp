// SPDX-License-Identifier: MIT
#pragma once
// Splitting a CSV text into parts that can be parsed on separate threads: each part starts
// exactly where the sequential parser (for_each_csv_row) starts a row, and carries the physical
// line number the parser has there, so row numbers and messages stay exact.
#include <trygg/io/text_index.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace trygg::io {

struct CsvPart {
    std::size_t begin = 0, end = 0;  // byte range in the text
    std::uint64_t first_line = 1;    // the parser's line number at `begin`
};

// Up to `parts` consecutive parts covering the whole text, each at least `min_part_bytes` long
// (except the last). A boundary is the end of a row (a line break outside quotes: quoted cells
// with embedded line breaks are skipped exactly as the parser does). When no boundary is found
// (an unterminated quote, a text shorter than two parts) the result is one part. With the
// text's `index` the same parts are found reading only the bytes near each boundary.
std::vector<CsvPart> split_csv_rows(std::string_view utf8_text, char delimiter, std::size_t parts,
                                    std::size_t min_part_bytes = std::size_t{1} << 20,
                                    const TextIndex* index = nullptr);

}  // namespace trygg::io
