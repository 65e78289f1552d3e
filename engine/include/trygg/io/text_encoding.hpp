#pragma once
// Input text is UTF-8 (with or without BOM) or Windows-1252/Latin-1; everything inside the
// engine is UTF-8.
#include <string>
#include <string_view>

namespace trygg::io {

enum class Encoding { auto_detect, utf8, windows1252 };

Encoding parse_encoding(const std::string& name);  // "auto", "utf-8", "windows-1252", "latin-1"
bool is_valid_utf8(std::string_view text);
std::string windows1252_to_utf8(std::string_view text);
// Strips a UTF-8 BOM and converts to UTF-8. With auto_detect, text that is not valid UTF-8 is
// taken as Windows-1252 (a superset of Latin-1 for printable characters). With utf8 declared,
// invalid bytes throw core::InputError naming `source` and the line.
std::string to_utf8(std::string text, Encoding encoding, const std::string& source, Encoding* detected = nullptr);

}  // namespace trygg::io
