#include <trygg/core/area_table.hpp>

#include <cstdlib>

namespace trygg::core {

std::optional<double> parse_number(const std::string& text)
{
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
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(v))
        return std::nullopt;
    return v;
}

}  // namespace trygg::core
