// SPDX-License-Identifier: MIT
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/csv_split.hpp>
#include <trygg/io/record_reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>

// Parsing a CSV in parts (split_csv_rows, for_each_record_in_parts) against the sequential
// parser: the same rows, cells, line numbers and problems, whatever quotes, CR, LF and blank
// lines the text holds and wherever the split targets fall.
using namespace trygg;

namespace {

struct Row {
    std::uint64_t line;
    std::vector<std::string> cells;
    std::string problem;
    bool operator==(const Row&) const = default;
};

std::vector<Row> sequential(std::string_view text, char d)
{
    std::vector<Row> out;
    io::for_each_csv_row(text, d, [&](const io::CsvRowView& r) {
        out.push_back({r.line, {r.cells.begin(), r.cells.end()}, std::string(r.problem)});
    });
    return out;
}

std::vector<Row> in_parts(std::string_view text, char d, const std::vector<io::CsvPart>& parts)
{
    std::vector<Row> out;
    for (const auto& p : parts)
        io::for_each_csv_row(text.substr(p.begin, p.end - p.begin), d, p.first_line, [&](const io::CsvRowView& r) {
            out.push_back({r.line, {r.cells.begin(), r.cells.end()}, std::string(r.problem)});
        });
    return out;
}

void expect_cover(const std::vector<io::CsvPart>& parts, std::size_t n)
{
    ASSERT_FALSE(parts.empty());
    EXPECT_EQ(parts.front().begin, 0u);
    EXPECT_EQ(parts.front().first_line, 1u);
    EXPECT_EQ(parts.back().end, n);
    for (std::size_t k = 1; k < parts.size(); ++k) {
        EXPECT_EQ(parts[k].begin, parts[k - 1].end);
        EXPECT_LT(parts[k].begin, parts[k].end);
    }
}

// A file's records as one sequential read hands them over (the reference for parts and chunks).
struct Rec {
    std::uint64_t number;
    std::vector<std::string> cells;
    std::string problem;
    bool operator==(const Rec&) const = default;
};

Rec record_of(const io::RecordRow& row)
{
    return {row.number, {row.cells.begin(), row.cells.end()}, std::string(row.problem)};
}

std::vector<Rec> sequential_records(const std::filesystem::path& path, std::vector<std::string>& fields)
{
    std::vector<Rec> out;
    io::for_each_record(
        path.string(), {}, [&](const io::Records& r) { fields = r.fields; },
        [&](const io::RecordRow& row) { out.push_back(record_of(row)); });
    return out;
}

}  // namespace

TEST(CsvSplit, QuotedLineBreakAcrossTheTargetIsNotABoundary)
{
    // The middle of the text falls inside a quoted cell holding two line breaks.
    const std::string text = "id,text\n1,\"first\nsecond\nthird\"\n2,x\n3,y\n";
    const auto parts = io::split_csv_rows(text, ',', 2, 1);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(text.substr(parts[1].begin), "2,x\n3,y\n");
    EXPECT_EQ(parts[1].first_line, 5u);  // the quoted cell's two line breaks count
    EXPECT_EQ(in_parts(text, ',', parts), sequential(text, ','));
}

TEST(CsvSplit, LoneCarriageReturnsAndCrLfCountAsTheParserCounts)
{
    const std::string text = "a,b\r1,2\r\n3,4\r\r\n5,6\n7,8\r9,10\r\n11,12\n";
    for (std::size_t k = 2; k <= 6; ++k) {
        const auto parts = io::split_csv_rows(text, ',', k, 1);
        expect_cover(parts, text.size());
        EXPECT_EQ(in_parts(text, ',', parts), sequential(text, ',')) << k << " parts";
    }
}

TEST(CsvSplit, UnterminatedQuoteLeavesOnePart)
{
    const std::string text = "a,b\n\"1,2\n3,4\n5,6\n7,8\n";
    const auto parts = io::split_csv_rows(text, ',', 2, 1);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].end, text.size());
}

TEST(CsvSplit, SmallTextsStayInOnePart)
{
    const std::string text = "a,b\n1,2\n3,4\n";
    EXPECT_EQ(io::split_csv_rows(text, ',', 2).size(), 1u);  // under the default 1 MiB per part
}

TEST(CsvSplit, RandomTextsParseAsTheSequentialParser)
{
    std::mt19937 rng(20261205);
    const char alphabet[] = {'a', 'b', ',', ';', '"', '"', '\n', '\n', '\r', ' '};
    std::uniform_int_distribution<int> pick(0, sizeof alphabet - 1), length(0, 300), nparts(2, 6);
    std::size_t split_texts = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        std::string text;
        const int n = length(rng);
        for (int i = 0; i < n; ++i)
            text.push_back(alphabet[pick(rng)]);
        const char d = trial % 2 ? ',' : ';';
        const auto parts = io::split_csv_rows(text, d, static_cast<std::size_t>(nparts(rng)), 1);
        expect_cover(parts, text.size());
        split_texts += parts.size() > 1;
        ASSERT_EQ(in_parts(text, d, parts), sequential(text, d)) << "text: " << testing::PrintToString(text);
    }
    EXPECT_GT(split_texts, 5000u);  // most texts were really split
}

TEST(CsvSplit, RecordsInPartsEqualTheSequentialRecords)
{
    // A file of a few MiB (parts are at least 1 MiB) with quoted cells, embedded line breaks,
    // a ragged row and an escaped quote spread over it.
    const auto path = std::filesystem::temp_directory_path() / "trygg_csv_split_test.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "id,datum,text\n";
        for (int i = 0; i < 120000; ++i) {
            out << "P" << i << ",2024-01-0" << (1 + i % 9) << ",";
            if (i % 997 == 0)
                out << "\"line one\nline two, \"\"quoted\"\"\"";
            else if (i % 1999 == 0)
                out << "x,extra";
            else
                out << "plain text " << i;
            out << (i % 3 ? "\n" : "\r\n");
        }
    }
    std::vector<std::string> fields;
    const auto expected = sequential_records(path, fields);
    for (std::size_t threads : {2u, 3u}) {
        std::vector<std::vector<Rec>> got;
        std::size_t used = 0;
        std::vector<std::string> got_fields;
        std::mutex m;
        io::for_each_record_in_parts(
            path.string(), {}, threads,
            [&](const io::Records& r, const std::vector<std::size_t>& rows_hint) {
                got_fields = r.fields;
                used = rows_hint.size();
                got.resize(used);
            },
            [&](std::size_t part, const io::RecordRow& row) {
                got[part].push_back(record_of(row));
            });
        EXPECT_EQ(used, threads);
        EXPECT_EQ(got_fields, fields);
        std::vector<Rec> all;
        for (auto& g : got)
            all.insert(all.end(), g.begin(), g.end());
        EXPECT_EQ(all.size(), expected.size());
        EXPECT_TRUE(all == expected) << threads << " threads";
    }
    std::filesystem::remove(path);
}

TEST(CsvSplit, AnErrorInAWorkerPartIsRethrown)
{
    const auto path = std::filesystem::temp_directory_path() / "trygg_csv_split_error.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "a,b\n";
        for (int i = 0; i < 300000; ++i)
            out << i << ",value\n";
    }
    EXPECT_THROW(io::for_each_record_in_parts(
                     path.string(), {}, 2, [](const io::Records&, const std::vector<std::size_t>&) {},
                     [](std::size_t part, const io::RecordRow&) {
                         if (part == 1)
                             throw std::runtime_error("worker failed");
                     }),
                 std::runtime_error);
    std::filesystem::remove(path);
}

TEST(CsvSplit, RecordsInChunksEqualTheSequentialRecords)
{
    // A streamed read (for_each_record_in_chunks): chunk after chunk, each in parts, the same
    // records, line numbers and problems as one sequential read; the header behind blank lines
    // and with a quoted line break of its own, so line numbers after it are counted right.
    const auto path = std::filesystem::temp_directory_path() / "trygg_csv_chunks_test.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "\n\nid,\"da\ntum\",text\r\n";
        for (int i = 0; i < 20000; ++i) {
            out << "P" << i << ",2024-01-0" << (1 + i % 9) << ",";
            if (i % 97 == 0)
                out << "\"line one\nline two, \"\"quoted\"\"\"";
            else if (i % 199 == 0)
                out << "x,extra";
            else
                out << "plain text " << i;
            out << (i % 3 ? "\n" : "\r\n");
            if (i % 1000 == 0)
                out << "\n";  // a blank line
        }
    }
    std::vector<std::string> fields;
    const auto expected = sequential_records(path, fields);
    ASSERT_EQ(fields, (std::vector<std::string>{"id", "da\ntum", "text"}));
    for (std::size_t threads : {1u, 2u, 3u}) {
        std::vector<Rec> all;
        std::vector<std::vector<Rec>> parts;
        std::vector<std::string> got_fields;
        std::size_t begun = 0, ended = 0;
        io::for_each_record_in_chunks(
            path.string(), {}, threads, 20000, [&](const io::Records& r) { got_fields = r.fields; },
            [&](const std::vector<std::size_t>& rows_hint) {
                EXPECT_EQ(begun++, ended);
                EXPECT_LE(rows_hint.size(), threads);
                parts.assign(rows_hint.size(), {});
            },
            [&](std::size_t part, const io::RecordRow& row) {
                parts.at(part).push_back(record_of(row));
            },
            [&] {
                EXPECT_EQ(++ended, begun);
                for (auto& p : parts)
                    all.insert(all.end(), p.begin(), p.end());
            });
        EXPECT_EQ(got_fields, fields);
        EXPECT_GT(ended, 20u) << threads << " threads";  // ~600 KB in chunks of 20 KB
        EXPECT_EQ(all.size(), expected.size());
        EXPECT_TRUE(all == expected) << threads << " threads";
    }
    std::filesystem::remove(path);
}
