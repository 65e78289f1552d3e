// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>

#include <cctype>
#include <cstdlib>

namespace trygg::core {

namespace {
bool iequal_at(std::string_view text, std::size_t at, std::string_view word)
{
    if (at + word.size() > text.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i])
            return false;
    return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The end of a libpq keyword value starting at `at`: a quoted value ('...' with \' and \\
// escapes) or up to the next blank.
std::size_t value_end(std::string_view text, std::size_t at)
{
    if (at < text.size() && text[at] == '\'') {
        std::size_t i = at + 1;
        while (i < text.size() && text[i] != '\'')
            i += text[i] == '\\' ? 2 : 1;
        return i < text.size() ? i + 1 : text.size();
    }
    std::size_t i = at;
    while (i < text.size() && !is_space(text[i]))
        ++i;
    return i;
}

// Offsets of `password` keywords (a word start, then optional blanks and '=').
std::string redact_keywords(std::string_view text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
        if (word_start && iequal_at(text, i, "password")) {
            std::size_t j = i + 8;
            while (j < text.size() && is_space(text[j]))
                ++j;
            if (j < text.size() && text[j] == '=') {
                ++j;
                while (j < text.size() && is_space(text[j]))
                    ++j;
                out.append(text.substr(i, 8));
                out += "=***";
                i = value_end(text, j);
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

// postgresql://user:secret@host -> postgresql://user:***@host
std::string redact_uris(std::string out)
{
    for (std::string_view scheme : {"postgresql://", "postgres://"}) {
        std::size_t from = 0;
        while (true) {
            std::size_t at = std::string::npos;
            for (std::size_t k = from; k + scheme.size() <= out.size(); ++k)
                if (iequal_at(out, k, scheme)) {
                    at = k;
                    break;
                }
            if (at == std::string::npos)
                break;
            const std::size_t start = at + scheme.size();
            std::size_t end = start;
            while (end < out.size() && !is_space(out[end]) && out[end] != '/' && out[end] != '?')
                ++end;
            const auto at_sign = out.rfind('@', end);
            if (at_sign != std::string::npos && at_sign >= start) {
                const auto colon = out.find(':', start);
                if (colon != std::string::npos && colon < at_sign) {
                    out.replace(colon + 1, at_sign - colon - 1, "***");
                    end = colon + 4;
                }
            }
            from = end;
        }
    }
    return out;
}
}  // namespace

bool is_connection_string(std::string_view source)
{
    return iequal_at(source, 0, "pg:");
}

bool has_password(std::string_view source)
{
    return redact_uris(redact_keywords(source)) != source;
}

std::string redact_source(std::string_view text)
{
    std::string out = redact_uris(redact_keywords(text));
    // A password from the environment could still be quoted by a library's message.
    if (const char* env = std::getenv("PGPASSWORD"); env && std::string_view(env).size() >= 4) {
        const std::string_view secret(env);
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3))
            out.replace(at, secret.size(), "***");
    }
    return out;
}

}  // namespace trygg::core
