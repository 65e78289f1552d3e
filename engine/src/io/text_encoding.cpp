// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/io/text_encoding.hpp>

#include <algorithm>
#include <optional>
#include <string>

namespace trygg::io {

Encoding parse_encoding(const std::string& name)
{
    const auto n = core::fold_case(name);
    if (n == "auto" || n.empty())
        return Encoding::auto_detect;
    if (n == "utf-8" || n == "utf8")
        return Encoding::utf8;
    if (n == "windows-1252" || n == "cp1252" || n == "latin-1" || n == "latin1" || n == "iso-8859-1")
        return Encoding::windows1252;
    throw core::PipelineError("unknown encoding '" + name + "' (use auto, utf-8 or windows-1252)");
}

namespace {

// UTF-16 with a byte-order mark (what Excel's "Unicode text" and some registers export) as
// UTF-8; nullopt when the text has no UTF-16 BOM. An odd length or a lone surrogate is an error.
std::optional<std::string> utf16_with_bom_to_utf8(const std::string& bytes, const std::string& source)
{
    if (bytes.size() < 2)
        return std::nullopt;
    const auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
    const bool little = b0 == 0xFF && b1 == 0xFE, big = b0 == 0xFE && b1 == 0xFF;
    if (!little && !big)
        return std::nullopt;
    const auto bad = [&](std::size_t at) {
        return core::InputError(source + ": invalid UTF-16 at byte " + std::to_string(at) +
                                " (the file starts with a UTF-16 byte-order mark)");
    };
    if (bytes.size() % 2 != 0)
        throw bad(bytes.size() - 1);
    const auto unit = [&](std::size_t i) {
        const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<char32_t>(little ? a | (b << 8) : (a << 8) | b);
    };
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 2; i < bytes.size(); i += 2) {
        char32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 3 >= bytes.size())
                throw bad(i);
            const char32_t low = unit(i + 2);
            if (low < 0xDC00 || low > 0xDFFF)
                throw bad(i);
            c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            throw bad(i);
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// Strips a BOM and decodes; `known_valid` says whether the result was seen to be valid UTF-8
// (so a large file is scanned once).
std::string decode(std::string text, Encoding encoding, Encoding* detected, bool& known_valid,
                   const std::string& source)
{
    known_valid = false;
    // A UTF-16 BOM says UTF-16 whatever "encoding" says (no 8-bit file starts with FF FE/FE FF
    // followed by text).
    if (auto utf8 = utf16_with_bom_to_utf8(text, source)) {
        if (detected)
            *detected = Encoding::utf8;
        return std::move(*utf8);
    }
    // A BOM says UTF-8.
    if (core::has_utf8_bom(text)) {
        text.erase(0, 3);
        if (encoding == Encoding::auto_detect)
            encoding = Encoding::utf8;
    }
    if (encoding == Encoding::auto_detect) {
        known_valid = core::is_valid_utf8(text);
        encoding = known_valid ? Encoding::utf8 : Encoding::windows1252;
    }
    if (detected)
        *detected = encoding;
    if (encoding != Encoding::windows1252)
        return text;
    known_valid = true;
    return core::windows1252_to_utf8(text);
}

}  // namespace

std::string decode_text(std::string text, Encoding encoding, Encoding* detected)
{
    bool known_valid = false;
    return decode(std::move(text), encoding, detected, known_valid, "input");
}

std::string to_utf8(std::string text, Encoding encoding, const std::string& source, Encoding* detected)
{
    bool known_valid = false;
    text = decode(std::move(text), encoding, detected, known_valid, source);
    const auto bad = known_valid ? std::string_view::npos : core::first_invalid_utf8(text);
    if (bad == std::string_view::npos)
        return text;
    auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw core::InputError(source + ": line " + std::to_string(line) +
                           ": invalid UTF-8 byte (declare \"encoding\": \"windows-1252\" if the file is not UTF-8)");
}

}  // namespace trygg::io
