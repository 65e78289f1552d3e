#pragma once
// Windows-1252 (a superset of Latin-1's printable range) to UTF-8, for sources that are not UTF-8.
#include <string>
#include <string_view>

namespace trygg::geocode::detail {

// Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252 and map to U+FFFD.
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace trygg::geocode::detail
