// SPDX-License-Identifier: MIT
// Any bytes as a CSV register: the reader never crashes and accounts for every line.
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/text_encoding.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string utf8;
    try {
        utf8 = trygg::io::to_utf8(text, trygg::io::Encoding::auto_detect, "fuzz");
    } catch (const trygg::core::InputError&) {
        return 0;  // a UTF-8 BOM followed by invalid bytes: a clear error, by design
    }
    if (!trygg::core::is_valid_utf8(utf8))
        std::abort();  // conversion must always yield valid UTF-8
    auto doc = trygg::io::parse_csv(utf8);
    std::uint64_t last = 0;
    for (const auto& row : doc.rows) {
        if (row.line < last || row.cells.empty())
            std::abort();  // rows come in file order, each with at least one cell
        last = row.line;
    }
    return 0;
}
