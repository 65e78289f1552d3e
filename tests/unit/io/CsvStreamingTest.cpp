// SPDX-License-Identifier: MIT
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/record_reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

// The streaming CSV parser against the row-storing parser it replaced (kept here verbatim as
// the reference): same rows, cells, line numbers and problems on random text built from the
// characters that matter (quotes, delimiters, CR, LF, blanks).
using namespace trygg;

namespace {

io::CsvDocument reference_parse(std::string_view text, char d)
{
    io::CsvDocument doc;
    doc.delimiter = d;
    std::size_t i = 0;
    std::uint64_t line = 1;
    const std::size_t n = text.size();
    while (i < n) {
        io::CsvRow row;
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


}  // namespace

TEST(CsvStreaming, MatchesTheRowStoringReferenceOnRandomText)
{
    std::mt19937 rng(20261127);
    const std::string alphabet = "ab,;\"\"\n\r \t";
    for (int trial = 0; trial < 20000; ++trial) {
        std::string text;
        const int len = static_cast<int>(rng() % 40);
        for (int k = 0; k < len; ++k)
            text += alphabet[rng() % alphabet.size()];
        for (char d : {',', ';', '\t'}) {
            const auto expected = reference_parse(text, d);
            const auto got = io::parse_csv(text, d);
            ASSERT_EQ(got.rows.size(), expected.rows.size()) << "text: " << testing::PrintToString(text);
            for (std::size_t r = 0; r < got.rows.size(); ++r) {
                ASSERT_EQ(got.rows[r].line, expected.rows[r].line) << testing::PrintToString(text);
                ASSERT_EQ(got.rows[r].cells, expected.rows[r].cells) << testing::PrintToString(text);
                ASSERT_EQ(got.rows[r].problem, expected.rows[r].problem) << testing::PrintToString(text);
            }
        }
    }
}

TEST(CsvStreaming, RecordsStreamLikeReadRecords)
{
    auto dir = std::filesystem::temp_directory_path() / "trygg_csv_streaming_test";
    std::filesystem::create_directories(dir);
    auto file = dir / "reg.csv";
    {
        // Windows-1252 (auto-detected), semicolons, a ragged row, a quoted newline, a blank line.
        std::ofstream out(file, std::ios::binary);
        out << "id ; namn;x\r\n1;\"V\xE4st\ner\xE5s\";2,5\r\n\r\n2;b\r\n3;c;4;5\r\n";
    }
    const auto whole = io::read_records(file.string());
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::uint64_t> numbers;
    std::vector<std::string> problems;
    io::for_each_record(
        file.string(), {}, [&](const io::Records& h) { fields = h.fields; },
        [&](const io::RecordRow& row) {
            rows.emplace_back(row.cells.begin(), row.cells.end());
            numbers.push_back(row.number);
            problems.emplace_back(row.problem);
        });
    EXPECT_EQ(fields, (std::vector<std::string>{"id", "namn", "x"}));
    EXPECT_EQ(fields, whole.fields);
    EXPECT_EQ(rows, whole.rows);
    EXPECT_EQ(numbers, (std::vector<std::uint64_t>{2, 5, 6}));
    EXPECT_EQ(numbers, whole.row_numbers);
    EXPECT_EQ(problems, whole.problems);
    EXPECT_EQ(rows[0][1], "V\xC3\xA4st\ner\xC3\xA5s");
    EXPECT_EQ(problems[1], "has 2 fields, the header has 3 (delimiter ';')");
    EXPECT_EQ(problems[2], "has 4 fields, the header has 3 (delimiter ';')");
    EXPECT_EQ(rows[1], (std::vector<std::string>{"2", "b", ""}));
    std::filesystem::remove_all(dir);
}
