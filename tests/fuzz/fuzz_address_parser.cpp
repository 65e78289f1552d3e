// SPDX-License-Identifier: MIT
// Any bytes as an address text: the parser never throws or crashes, and what it returns
// keeps its documented shape (postcode five digits, number -1 or positive, valid UTF-8 keys).
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/geocode/address_parser.hpp>
#include <trygg/geocode/normalize.hpp>
#include <trygg/io/text_encoding.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

void require(bool ok)
{
    if (!ok)
        std::abort();
}

bool all_digits(const std::string& s)
{
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace trygg;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string utf8;
    try {
        // The register reader hands the parser text already converted to UTF-8.
        utf8 = io::to_utf8(text, io::Encoding::auto_detect, "fuzz");
    } catch (const core::InputError&) {
        return 0;
    }
    const auto a = geocode::parse_address(utf8);
    require(a.number >= -1);
    require(a.postcode.empty() || (a.postcode.size() == 5 && all_digits(a.postcode)));
    require(core::is_valid_utf8(a.street_name()));
    require(core::is_valid_utf8(a.cross_street_name()));
    require(core::is_valid_utf8(a.town) && core::is_valid_utf8(a.letter));
    for (const auto& t : a.all_words)
        require(core::is_valid_utf8(geocode::word_key(t.text)));
    require(core::is_valid_utf8(geocode::name_key(utf8)));
    return 0;
}
