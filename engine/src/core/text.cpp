// SPDX-License-Identifier: MIT
#include <trygg/core/text.hpp>

#include <utf8proc.h>

#include <cstdint>
#include <cstring>
#include <cstdlib>

namespace trygg::core {

namespace {

// Length of the well-formed UTF-8 sequence starting at p[i], or 0.
std::size_t sequence_length(const unsigned char* p, std::size_t i, std::size_t size)
{
    const unsigned char c = p[i];
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        len = 2, cp = c & 0x1Fu;
    else if ((c & 0xF0) == 0xE0)
        len = 3, cp = c & 0x0Fu;
    else if ((c & 0xF8) == 0xF0)
        len = 4, cp = c & 0x07u;
    else
        return 0;
    if (i + len > size)
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((p[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i + k] & 0x3Fu);
    }
    // Overlong forms, surrogates and code points above U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void append_utf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_ascii(std::string_view s)
{
    for (unsigned char c : s)
        if (c >= 0x80)
            return false;
    return true;
}

std::string lower_ascii(std::string_view s)
{
    std::string r(s);
    for (auto& c : r)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return r;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text)
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        // ASCII eight bytes at a time: most of a register is.
        while (i + 8 <= text.size()) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= text.size())
            break;
        const auto n = sequence_length(p, i, text.size());
        if (n == 0)
            return i;
        i += n;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == std::string_view::npos; }

std::string sanitize_utf8(std::string_view text)
{
    auto bad = first_invalid_utf8(text);
    if (bad == std::string_view::npos)
        return std::string(text);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    std::string out(text.substr(0, bad));
    for (std::size_t i = bad; i < text.size();) {
        const auto n = sequence_length(p, i, text.size());
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text, i, n);
            i += n;
        }
    }
    return out;
}

bool has_utf8_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

std::string_view without_utf8_bom(std::string_view text) { return has_utf8_bom(text) ? text.substr(3) : text; }

std::string windows1252_to_utf8(std::string_view bytes)
{
    // 0x80-0x9F, where Windows-1252 differs from Latin-1; U+FFFD for the undefined bytes.
    static constexpr char32_t high[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (unsigned char c : bytes)
        append_utf8(out, c < 0x80 ? c : c < 0xA0 ? high[c - 0x80] : c);
    return out;
}

std::string fold_case(std::string_view utf8)
{
    if (is_ascii(utf8))
        return lower_ascii(utf8);
    utf8proc_uint8_t* folded = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                static_cast<utf8proc_ssize_t>(utf8.size()), &folded,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
    if (n < 0)  // not valid UTF-8
        return lower_ascii(utf8);
    std::string r(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(n));
    std::free(folded);
    return r;
}

std::string_view trim(std::string_view text)
{
    const auto b = text.find_first_not_of(" \t");
    if (b == std::string_view::npos)
        return {};
    return text.substr(b, text.find_last_not_of(" \t") - b + 1);
}

std::string fold_label(std::string_view utf8) { return fold_case(trim(utf8)); }

std::string to_hex(const unsigned char* bytes, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex(2 * size, '0');
    for (std::size_t i = 0; i < size; ++i) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    return hex;
}

std::string shown_value(std::string_view value)
{
    constexpr std::size_t limit = 80;
    std::size_t chars = 0, cut = value.size();
    for (std::size_t i = 0; i < value.size(); ++i) {
        if ((static_cast<unsigned char>(value[i]) & 0xC0) == 0x80)
            continue;  // a continuation byte belongs to the character before it
        if (chars == limit)
            cut = i;
        ++chars;
    }
    if (chars <= limit)
        return std::string(value);
    return std::string(value.substr(0, cut)) + "\u2026 (" + std::to_string(chars) + " characters)";
}

}  // namespace trygg::core
