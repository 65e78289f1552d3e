// SPDX-License-Identifier: MIT
#include <trygg/core/area_table.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <system_error>

namespace trygg::core {

namespace {

// A plain decimal of at most 15 significant digits (such as 6616364.23): its digits are an
// integer m < 2^53 and its value m / 10^k, one correctly rounded division of two exactly
// representable numbers (k <= 22), so the same double std::from_chars gives (Clinger's fast
// path). A coordinate column is read twice a row; from_chars was a fifth of parsing one.
std::optional<double> parse_plain_decimal(std::string_view text)
{
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* p = text.data();
    const char* end = p + text.size();
    const bool negative = p != end && *p == '-';
    p += negative;
    std::uint64_t m = 0;
    int digits = 0, fraction = 0;  // digits counted from the first non-zero one
    bool any = false, point = false;
    for (; p != end; ++p) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        if (*p < '0' || *p > '9')
            return std::nullopt;
        any = true;
        m = m * 10 + static_cast<unsigned>(*p - '0');
        digits += m != 0;
        fraction += point;
    }
    if (!any || digits > 15 || fraction > 22)
        return std::nullopt;
    const double v = static_cast<double>(m) / powers[fraction];
    return negative ? -v : v;
}

}  // namespace

std::optional<double> parse_number(std::string_view text)
{
    if (auto v = parse_plain_decimal(text))
        return v;
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
