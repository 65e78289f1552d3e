// SPDX-License-Identifier: MIT
#include <trygg/io/csv_split.hpp>

#include <algorithm>
#include <cstring>
#include <optional>

namespace trygg::io {

namespace {

struct Boundary {
    std::size_t offset;
    std::uint64_t line;
};

// The first row end at or after `target`, scanning from `from` (a row start with line `line`),
// with the same quote rules as for_each_csv_row: a quote opens a cell only at its start, ""
// inside is an escaped quote, line breaks inside are content (each \n counts a line), text
// after the closing quote runs to the next delimiter or line break; a row ends at \n, \r\n or
// a lone \r. Nothing when the text ends first (or inside an unterminated quote).
std::optional<Boundary> next_row_end(std::string_view text, char d, std::size_t from, std::uint64_t line,
                                     std::size_t target, const TextIndex* index)
{
    const char* const base = text.data();
    const std::size_t n = text.size();
    std::size_t i = from;
    // No quote between here and a little past the target: every line break is a row end, so
    // the lines can be counted in bulk (with an index, reading only the blocks at the ends).
    const auto* quote = index ? nullptr : static_cast<const char*>(std::memchr(base + i, '"', n - i));
    const std::size_t quote_at = index ? index->find_quote(text, i) : quote ? static_cast<std::size_t>(quote - base) : n;
    if (quote_at > target) {
        std::size_t e = target;
        while (e < quote_at && base[e] != '\n' && base[e] != '\r')
            ++e;
        if (e < quote_at) {  // a row end with no quote before it
            // `target` may be in the middle of a \r\n pair: the row end is the \r.
            if (base[e] == '\n' && e > from && base[e - 1] == '\r')
                --e;
            if (index) {
                line += index->newlines_in(text, i, e) + index->lone_crs_in(text, i, e);
            } else {
                line += static_cast<std::uint64_t>(std::count(base + i, base + e, '\n'));
                for (const char* r = static_cast<const char*>(std::memchr(base + i, '\r', e - i)); r;
                     r = static_cast<const char*>(std::memchr(r + 1, '\r', static_cast<std::size_t>(base + e - (r + 1)))))
                    if (!(r + 1 < base + n && r[1] == '\n'))
                        ++line;  // a lone \r ends a row too
            }
            if (base[e] == '\r' && e + 1 < n && base[e + 1] == '\n')
                ++e;
            return Boundary{e + 1, line + 1};
        }
    }
    while (i < n) {
        if (base[i] == '"') {
            ++i;
            for (;;) {
                const auto* q = static_cast<const char*>(std::memchr(base + i, '"', n - i));
                if (!q)
                    return std::nullopt;  // unterminated: the rest is one row
                const std::size_t qpos = static_cast<std::size_t>(q - base);
                line += static_cast<std::uint64_t>(std::count(base + i, base + qpos, '\n'));
                i = qpos + 1;
                if (i < n && base[i] == '"') {
                    ++i;
                    continue;
                }
                break;
            }
        }
        while (i < n && base[i] != d && base[i] != '\r' && base[i] != '\n')
            ++i;
        if (i >= n)
            return std::nullopt;
        if (base[i] == d) {
            ++i;
            continue;
        }
        if (base[i] == '\r' && i + 1 < n && base[i + 1] == '\n')
            ++i;
        ++i;
        ++line;
        if (i >= target)
            return Boundary{i, line};
    }
    return std::nullopt;
}

}  // namespace

std::vector<CsvPart> split_csv_rows(std::string_view text, char delimiter, std::size_t parts,
                                    std::size_t min_part_bytes, const TextIndex* index)
{
    const std::size_t n = text.size();
    std::vector<CsvPart> out;
    parts = std::max<std::size_t>(parts, 1);
    min_part_bytes = std::max<std::size_t>(min_part_bytes, 1);
    if (parts > 1 && n / parts < min_part_bytes)
        parts = std::max<std::size_t>(n / min_part_bytes, 1);
    CsvPart current{0, n, 1};
    for (std::size_t k = 1; k < parts; ++k) {
        const std::size_t target = n / parts * k;
        if (target <= current.begin)
            continue;
        const auto b = next_row_end(text, delimiter, current.begin, current.first_line, target, index);
        if (!b || b->offset >= n)
            break;
        current.end = b->offset;
        out.push_back(current);
        current = CsvPart{b->offset, n, b->line};
    }
    current.end = n;
    out.push_back(current);
    return out;
}

}  // namespace trygg::io
