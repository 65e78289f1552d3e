// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/io/csv_reader.hpp>

#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace trygg::io {

namespace {

// The end of an unquoted cell: the first delimiter, \r or \n at or after i (n if none).
// Sixteen bytes a step where SSE2 is there (every x86-64): a byte at a time was a tenth of
// reading a 1M-row register.
std::size_t unquoted_cell_end(const char* base, std::size_t i, std::size_t n, char d)
{
#ifdef __SSE2__
    const __m128i vd = _mm_set1_epi8(d), vr = _mm_set1_epi8('\r'), vn = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i));
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vr)), _mm_cmpeq_epi8(x, vn));
        if (const int mask = _mm_movemask_epi8(hit))
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    while (i < n && base[i] != d && base[i] != '\r' && base[i] != '\n')
        ++i;
    return i;
}

char detect_delimiter(std::string_view text)
{
    // Count candidate delimiters outside quotes on the first line.
    std::size_t counts[3] = {0, 0, 0};
    const char candidates[3] = {',', ';', '\t'};
    bool quoted = false;
    for (char c : text) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 3; ++k)
                if (c == candidates[k])
                    ++counts[k];
    }
    int best = 0;
    for (int k = 1; k < 3; ++k)
        if (counts[k] > counts[best])
            best = k;
    return counts[best] == 0 ? ',' : candidates[best];
}

}  // namespace

char detect_csv_delimiter(std::string_view text) { return detect_delimiter(text); }

char for_each_csv_row(std::string_view text, char delimiter, const std::function<void(const CsvRowView&)>& visit)
{
    return for_each_csv_row(text, delimiter, 1, visit);
}

char for_each_csv_row(std::string_view text, char delimiter, std::uint64_t first_line,
                      const std::function<void(const CsvRowView&)>& visit)
{
    const char d = delimiter ? delimiter : detect_delimiter(text);
    const char* const base = text.data();
    const std::size_t n = text.size();
    std::size_t i = 0;
    std::uint64_t line = first_line;
    // Cells are views into the text; only a cell with escaped quotes or text after its closing
    // quote is copied, into a slot reused from row to row (a deque keeps slot addresses stable).
    std::deque<std::string> owned;
    std::size_t n_owned = 0;
    auto owned_slot = [&]() -> std::string& {
        if (n_owned == owned.size())
            owned.emplace_back();
        auto& slot = owned[n_owned++];
        slot.clear();
        return slot;
    };
    std::vector<std::string_view> cells;
    std::string problem;
    while (i < n) {
        cells.clear();
        problem.clear();
        n_owned = 0;
        const std::uint64_t row_line = line;
        bool first_quoted = false;
        for (bool row_done = false; !row_done;) {
            if (i >= n) {  // after a delimiter at the end of the text: one more, empty cell
                cells.emplace_back();
                break;
            }
            std::string_view cell;
            if (base[i] == '"') {
                // Quoted cell: to the closing quote; "" is an escaped quote; newlines are content.
                first_quoted = first_quoted || cells.empty();
                const std::uint64_t start_line = line;
                const std::size_t start = ++i;
                std::string* buf = nullptr;
                bool closed = false;
                for (;;) {
                    const auto* q = static_cast<const char*>(std::memchr(base + i, '"', n - i));
                    const std::size_t qpos = q ? static_cast<std::size_t>(q - base) : n;
                    line += static_cast<std::uint64_t>(std::count(base + i, base + qpos, '\n'));
                    if (!q) {
                        if (buf)
                            buf->append(base + i, n - i);
                        i = n;
                        break;
                    }
                    if (qpos + 1 < n && base[qpos + 1] == '"') {
                        if (!buf)
                            buf = &owned_slot(), buf->assign(base + start, qpos - start);
                        else
                            buf->append(base + i, qpos - i);
                        buf->push_back('"');
                        i = qpos + 2;
                        continue;
                    }
                    if (buf)
                        buf->append(base + i, qpos - i);
                    i = qpos + 1;
                    closed = true;
                    break;
                }
                if (!closed) {
                    problem = "unterminated quote starting at line " + std::to_string(start_line);
                    cells.push_back(buf ? std::string_view(*buf) : text.substr(start));
                    break;
                }
                cell = buf ? std::string_view(*buf) : text.substr(start, i - 1 - start);
                if (i < n && base[i] != d && base[i] != '\r' && base[i] != '\n') {
                    // Text after the closing quote: kept in the cell, and the row is malformed.
                    if (problem.empty())
                        problem = "text after a closing quote at line " + std::to_string(line);
                    if (!buf)
                        buf = &owned_slot(), buf->assign(cell);
                    const std::size_t from = i;
                    while (i < n && base[i] != d && base[i] != '\r' && base[i] != '\n')
                        ++i;
                    buf->append(base + from, i - from);
                    cell = *buf;
                }
            } else {
                const std::size_t start = i;
                i = unquoted_cell_end(base, i, n, d);
                cell = text.substr(start, i - start);
            }
            cells.push_back(cell);
            if (i >= n) {
                row_done = true;
            } else if (base[i] == d) {
                ++i;
            } else {  // end of line: \n, \r\n or a lone \r
                if (base[i] == '\r' && i + 1 < n && base[i + 1] == '\n')
                    ++i;
                ++i;
                ++line;
                row_done = true;
            }
        }
        if (cells.size() == 1 && !first_quoted && cells[0].find_first_not_of(" \t") == std::string_view::npos)
            continue;  // blank line
        visit(CsvRowView{row_line, cells, problem, i});
    }
    return d;
}

CsvDocument parse_csv(std::string_view text, char delimiter)
{
    CsvDocument doc;
    doc.delimiter = for_each_csv_row(text, delimiter, [&](const CsvRowView& row) {
        CsvRow r;
        r.line = row.line;
        r.cells.assign(row.cells.begin(), row.cells.end());
        r.problem = row.problem;
        doc.rows.push_back(std::move(r));
    });
    return doc;
}

std::string read_file_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::with_detail(core::InputError(path + ": cannot open file"), {"file_unreadable", {{"file", path}}});
    // One buffer of the file's size (no stream copies): the bytes, then converted in place
    // when they are UTF-8 already.
    std::string bytes;
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > 0) {
        bytes.resize(static_cast<std::size_t>(size));
        in.read(bytes.data(), static_cast<std::streamsize>(size));
        bytes.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad())
        throw core::InputError(path + ": cannot read file");
    // A file that grew while being read, or whose size is unknown (a pipe): read the rest.
    if (in && in.peek() != std::ifstream::traits_type::eof()) {
        std::ostringstream rest;
        rest << in.rdbuf();
        bytes += rest.str();
    }
    if (in.bad())
        throw core::InputError(path + ": cannot read file");
    return bytes;
}

std::string read_text_file(const std::string& path, Encoding encoding, Encoding* detected)
{
    return to_utf8(read_file_bytes(path), encoding, path, detected);
}

CsvDocument read_csv_file(const std::string& path, const CsvOptions& options)
{
    Encoding detected = Encoding::utf8;
    std::string text = read_text_file(path, options.encoding, &detected);
    auto doc = parse_csv(text, options.delimiter);
    doc.encoding = detected;
    return doc;
}

}  // namespace trygg::io
