// SPDX-License-Identifier: MIT
#pragma once
// The engine's one text unit: UTF-8 checks, case folding (utf8proc) and Windows-1252 decoding.
// Everything inside the engine is UTF-8; io converts input with these, and every module that
// compares labels folds them with fold_case.
#include <cstddef>
#include <string>
#include <string_view>

namespace trygg::core {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (truncated,
// overlong, surrogate, above U+10FFFF, stray continuation byte), or npos when `text` is valid.
std::size_t first_invalid_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);
// Each byte that is not part of a well-formed sequence replaced by U+FFFD, so output never
// carries broken bytes; valid text is returned unchanged.
std::string sanitize_utf8(std::string_view text);

// True when `text` starts with the UTF-8 byte order mark EF BB BF.
bool has_utf8_bom(std::string_view text);
// `text` without a leading UTF-8 byte order mark.
std::string_view without_utf8_bom(std::string_view text);

// Windows-1252 (Latin-1 plus typographic characters in 0x80-0x9F) to UTF-8. The five bytes
// Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD: they are never
// text in a Swedish register, and a visible replacement character says so where a C1 control
// character (Latin-1's reading, and WHATWG's) would hide it.
std::string windows1252_to_utf8(std::string_view bytes);

// Unicode NFC plus full case folding ("VÄSTERÅS" -> "västerås", "Straße" -> "strasse"); the
// one case fold of the engine. Text that is not valid UTF-8 has only its ASCII letters
// lowered (never lost).
std::string fold_case(std::string_view utf8);
// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);
// The comparison key of a label typed by hand: trimmed and case folded.
std::string fold_label(std::string_view utf8);

// An input value as a message shows it: whole up to 80 characters, else its first 80
// characters (never a cut UTF-8 sequence) followed by "… (N characters)", so one absurd cell
// cannot turn a warning into megabytes.
std::string shown_value(std::string_view value);

// Lowercase hexadecimal of `size` bytes (a digest's printable form).
std::string to_hex(const unsigned char* bytes, std::size_t size);

}  // namespace trygg::core
