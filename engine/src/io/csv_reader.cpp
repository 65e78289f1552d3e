#include <trygg/core/error.hpp>
#include <trygg/io/csv_reader.hpp>

#include <fstream>
#include <sstream>

namespace trygg::io {

namespace {

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

CsvDocument parse_csv(std::string_view text, char delimiter)
{
    CsvDocument doc;
    doc.delimiter = delimiter ? delimiter : detect_delimiter(text);
    const char d = doc.delimiter;
    std::size_t i = 0;
    std::uint64_t line = 1;
    const std::size_t n = text.size();
    while (i < n) {
        CsvRow row;
        row.line = line;
        std::string cell;
        bool row_done = false;
        bool cell_started_quoted = false;
        bool blank = true;
        while (!row_done) {
            if (i >= n) {
                row.cells.push_back(std::move(cell));
                break;
            }
            char c = text[i];
            if (c == '"' && cell.empty() && !cell_started_quoted) {
                // Quoted cell: read to the closing quote; "" is an escaped quote.
                cell_started_quoted = true;
                blank = false;
                std::uint64_t start_line = line;
                ++i;
                bool closed = false;
                while (i < n) {
                    char q = text[i];
                    if (q == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            cell += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (q == '\n')
                        ++line;
                    cell += q;
                    ++i;
                }
                if (!closed) {
                    row.problem = "unterminated quote starting at line " + std::to_string(start_line);
                    row.cells.push_back(std::move(cell));
                    row_done = true;
                    i = n;
                }
                continue;
            }
            if (c == d) {
                row.cells.push_back(std::move(cell));
                cell.clear();
                cell_started_quoted = false;
                blank = false;
                ++i;
                continue;
            }
            if (c == '\r' || c == '\n') {
                row.cells.push_back(std::move(cell));
                cell.clear();
                if (c == '\r' && i + 1 < n && text[i + 1] == '\n')
                    ++i;
                ++i;
                ++line;
                row_done = true;
                continue;
            }
            if (cell_started_quoted && row.problem.empty())
                row.problem = "text after a closing quote at line " + std::to_string(line);
            if (c != ' ' && c != '\t')
                blank = false;
            cell += c;
            ++i;
        }
        if (blank && row.cells.size() <= 1 && (row.cells.empty() || row.cells[0].find_first_not_of(" \t") == std::string::npos))
            continue;  // blank line
        doc.rows.push_back(std::move(row));
    }
    return doc;
}

CsvDocument read_csv_file(const std::string& path, const CsvOptions& options)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::InputError(path + ": cannot open file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw core::InputError(path + ": cannot read file");
    Encoding detected = Encoding::utf8;
    std::string text = to_utf8(buffer.str(), options.encoding, path, &detected);
    auto doc = parse_csv(text, options.delimiter);
    doc.encoding = detected;
    return doc;
}

}  // namespace trygg::io
