// SPDX-License-Identifier: MIT
#pragma once
// Input text is UTF-8 (with or without BOM) or Windows-1252/Latin-1; everything inside the
// engine is UTF-8. The checks and the decoding themselves are core/text.hpp's.
#include <string>
#include <string_view>

namespace trygg::io {

enum class Encoding { auto_detect, utf8, windows1252 };

Encoding parse_encoding(const std::string& name);  // "auto", "utf-8", "windows-1252", "latin-1"
// Strips a UTF-8 BOM and converts to UTF-8. With auto_detect, text that is not valid UTF-8 is
// taken as Windows-1252 (a superset of Latin-1 for printable characters). With utf8 declared,
// invalid bytes throw core::InputError naming `source` and the line.
std::string to_utf8(std::string text, Encoding encoding, const std::string& source, Encoding* detected = nullptr);
// As to_utf8, but never throws: with utf8 declared, invalid bytes are kept for the caller to
// report where they occur (row by row).
std::string decode_text(std::string text, Encoding encoding, Encoding* detected = nullptr);

}  // namespace trygg::io
