#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/io/text_encoding.hpp>

#include <algorithm>

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

// Strips a BOM and decodes; `known_valid` says whether the result was seen to be valid UTF-8
// (so a large file is scanned once).
std::string decode(std::string text, Encoding encoding, Encoding* detected, bool& known_valid)
{
    known_valid = false;
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
    return decode(std::move(text), encoding, detected, known_valid);
}

std::string to_utf8(std::string text, Encoding encoding, const std::string& source, Encoding* detected)
{
    bool known_valid = false;
    text = decode(std::move(text), encoding, detected, known_valid);
    const auto bad = known_valid ? std::string_view::npos : core::first_invalid_utf8(text);
    if (bad == std::string_view::npos)
        return text;
    auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw core::InputError(source + ": line " + std::to_string(line) +
                           ": invalid UTF-8 byte (declare \"encoding\": \"windows-1252\" if the file is not UTF-8)");
}

}  // namespace trygg::io
