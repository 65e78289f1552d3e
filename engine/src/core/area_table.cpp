// SPDX-License-Identifier: MIT
#include <trygg/core/area_table.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <system_error>

namespace trygg::core {

std::optional<double> parse_number(std::string_view text)
{
    // Fast path: a plain decimal such as 6616364.23 (what most coordinate columns hold);
    // std::from_chars and strtod are both correctly rounded, so they agree. Anything else
    // (separators, decimal comma, exponents, "NA") takes the general path below.
    // (A loop, not find_first_not_of: that calls memchr on the set once a character, which was
    // a tenth of parsing a coordinate.)
    const auto plain = [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; };
    if (!text.empty() && std::all_of(text.begin(), text.end(), plain)) {
        double v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(v))
            return v;
    }
    std::string s;
    for (char c : text) {
        if (c == ' ' || c == '\t')
            continue;  // thousands separators
        s += c == ',' ? '.' : c;
    }
    // Non-breaking spaces (U+00A0, U+202F) as thousands separators.
    for (const char* nb : {"\xC2\xA0", "\xE2\x80\xAF"})
        for (auto p = s.find(nb); p != std::string::npos; p = s.find(nb))
            s.erase(p, std::char_traits<char>::length(nb));
    if (s.empty() || s == ".." || s == "-" || s == "." || s == "NA")
        return std::nullopt;
    // strtod also reads hexadecimal ("0x90261" = 590433): no register writes coordinates or
    // counts that way, so such a cell is a mis-parse, not a number.
    if (s.find_first_of("xXpP") != std::string::npos)
        return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(v))
        return std::nullopt;
    return v;
}

int parse_year(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    int y = 0;
    if (text.size() != 4)
        return 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), y);
    return ec == std::errc() && end == text.data() + text.size() && y >= 1800 && y <= 2200 ? y : 0;
}

}  // namespace trygg::core
