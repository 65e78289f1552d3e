#include <trygg/core/error.hpp>
#include <trygg/io/text_encoding.hpp>

#include <algorithm>
#include <array>
#include <cstdint>

namespace trygg::io {

Encoding parse_encoding(const std::string& name)
{
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "auto" || n.empty())
        return Encoding::auto_detect;
    if (n == "utf-8" || n == "utf8")
        return Encoding::utf8;
    if (n == "windows-1252" || n == "cp1252" || n == "latin-1" || n == "latin1" || n == "iso-8859-1")
        return Encoding::windows1252;
    throw core::PipelineError("unknown encoding '" + name + "' (use auto, utf-8 or windows-1252)");
}

// Returns the offset of the first invalid byte, or npos.
static std::size_t first_invalid_utf8(std::string_view s)
{
    std::size_t i = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    while (i < s.size()) {
        unsigned char c = p[i];
        std::size_t len;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > s.size())
            return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and out-of-range code points are invalid.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == std::string_view::npos; }

std::string windows1252_to_utf8(std::string_view text)
{
    // 0x80–0x9F differ from Latin-1; unassigned bytes map to U+FFFD.
    static const std::array<std::uint16_t, 32> high = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (unsigned char c : text) {
        std::uint32_t cp = c < 0x80 ? c : (c < 0xA0 ? high[c - 0x80] : c);
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
    return out;
}

std::string to_utf8(std::string text, Encoding encoding, const std::string& source, Encoding* detected)
{
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        text.erase(0, 3);
        if (encoding == Encoding::auto_detect)
            encoding = Encoding::utf8;
    }
    if (encoding == Encoding::windows1252) {
        if (detected)
            *detected = Encoding::windows1252;
        return windows1252_to_utf8(text);
    }
    auto bad = first_invalid_utf8(text);
    if (bad == std::string_view::npos) {
        if (detected)
            *detected = Encoding::utf8;
        return text;
    }
    if (encoding == Encoding::auto_detect) {
        if (detected)
            *detected = Encoding::windows1252;
        return windows1252_to_utf8(text);
    }
    auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw core::InputError(source + ": line " + std::to_string(line) +
                           ": invalid UTF-8 byte (declare \"encoding\": \"windows-1252\" if the file is not UTF-8)");
}

}  // namespace trygg::io
