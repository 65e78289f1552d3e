// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/csv_split.hpp>
#include <trygg/io/mapped_text.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/io/text_index.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>

// Reading a file in place (MappedText, TextIndex): the text, encodings, counts and records are
// what the in-memory path gives for the same bytes, wherever a block (1 MiB) or a release
// window (16 MiB) ends: inside a UTF-8 sequence, a quoted cell or a \r\n pair.
using namespace trygg;

namespace {

constexpr std::size_t block = io::TextIndex::block;

std::filesystem::path write_file(const std::string& name, const std::string& bytes)
{
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string ascii_filler(std::size_t n)
{
    std::string s;
    while (s.size() < n)
        s += "P" + std::to_string(s.size()) + ",2024-01-01,abc\n";
    s.resize(n);
    return s;
}

}  // namespace

TEST(MappedText, AnEmptyFileIsAnEmptyText)
{
    const auto path = write_file("trygg_mapped_empty.csv", "");
    const auto m = io::MappedText::open(path.string(), io::Encoding::auto_detect);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->text(), "");
    std::filesystem::remove(path);
}

TEST(MappedText, ASmallFileIsItsBytesWithoutTheBom)
{
    const auto path = write_file("trygg_mapped_small.csv", "\xEF\xBB\xBFid,namn\n1,\xC3\x85sa\n");
    const auto m = io::MappedText::open(path.string(), io::Encoding::auto_detect);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->text(), "id,namn\n1,\xC3\x85sa\n");
    std::filesystem::remove(path);
}

TEST(MappedText, AUtf8SequenceAcrossABlockEndIsValid)
{
    // "Å" (2 bytes), "€" (3) and U+1F600 (4) with their lead byte 1, 2 or 3 bytes before the
    // end of a 1 MiB block: the scan must not take the cut sequence for an invalid byte.
    const std::string seqs[] = {"\xC3\x85", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
    for (const auto& seq : seqs)
        for (std::size_t before = 1; before < seq.size(); ++before) {
            std::string text = ascii_filler(block - before) + seq + ascii_filler(block / 2);
            const auto path = write_file("trygg_mapped_seq.csv", text);
            for (auto enc : {io::Encoding::auto_detect, io::Encoding::utf8}) {
                const auto m = io::MappedText::open(path.string(), enc);
                ASSERT_TRUE(m) << seq.size() << "-byte sequence, " << before << " bytes before the block end";
                EXPECT_TRUE(m->text() == text);
            }
            std::filesystem::remove(path);
        }
}

TEST(MappedText, AnInvalidByteIsWindows1252OrAnErrorNamingItsLine)
{
    // Two blocks of 20-byte lines, then one Latin-1 'å' (0xE5) on the line after them.
    std::string text;
    while (text.size() < 2 * block)
        text += "0123456789abcdefghi\n";
    const std::size_t lines_before = text.size() / 20;  // every byte so far is in a full line
    text += "x,\xE5,y\nlast\n";
    const auto path = write_file("trygg_mapped_latin1.csv", text);
    EXPECT_FALSE(io::MappedText::open(path.string(), io::Encoding::auto_detect));  // read as Windows-1252
    EXPECT_FALSE(io::MappedText::open(path.string(), io::Encoding::windows1252));
    try {
        io::MappedText::open(path.string(), io::Encoding::utf8);
        FAIL() << "declared UTF-8 with an invalid byte must throw";
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), path.string() + ": line " + std::to_string(lines_before + 1) +
                                             ": invalid UTF-8 byte (declare \"encoding\": \"windows-1252\" if the "
                                             "file is not UTF-8)");
    }
    std::filesystem::remove(path);
}

TEST(MappedText, TheScanOnSeveralThreadsEqualsTheScanOnOne)
{
    // Nine blocks, scanned in slices of whole blocks on 1-4 threads: UTF-8 sequences cut at
    // the block ends (so at the slice boundaries), a \r\n pair across one, quotes in some
    // blocks. The text and every index count equal counting the text itself; an invalid byte
    // in the 7th block is found, with its line, on any number of threads.
    const std::string seqs[] = {"\xC3\x85", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
    std::string text = ascii_filler(9 * block + 4321);
    for (std::size_t k = 1; k <= 8; ++k) {
        if (k == 4)
            continue;  // the \r\n pair's block end
        const auto& seq = seqs[k % 3];
        const std::size_t before = 1 + k % (seq.size() - 1);  // 1..size-1 bytes before the end
        text.replace(k * block - before, seq.size(), seq);
    }
    text[4 * block + 10] = '"';
    text[4 * block - 1] = '\r', text[4 * block] = '\n';
    const auto path = write_file("trygg_mapped_threads.csv", text);
    for (unsigned threads : {1u, 2u, 3u, 4u}) {
        const auto m = io::MappedText::open(path.string(), io::Encoding::utf8, threads);
        ASSERT_TRUE(m) << threads << " threads";
        ASSERT_TRUE(m->text() == text) << threads << " threads";
        for (std::size_t a : {std::size_t{0}, block / 2, 3 * block + 5})
            for (std::size_t b : {4 * block + 1, 7 * block, text.size()}) {
                EXPECT_EQ(m->index().newlines_in(text, a, b),
                          static_cast<std::uint64_t>(std::count(text.begin() + a, text.begin() + b, '\n')));
                std::uint64_t lone = 0;
                for (auto i = a; i < b; ++i)
                    lone += text[i] == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n');
                EXPECT_EQ(m->index().lone_crs_in(text, a, b), lone) << a << ".." << b << ", " << threads << " threads";
            }
        EXPECT_EQ(m->index().find_quote(text, block), 4 * block + 10);
    }
    std::string bad = text;
    bad[6 * block + 777] = '\xE5';  // Latin-1 'å'
    const auto line = 1 + std::count(bad.begin(), bad.begin() + 6 * block + 777, '\n');
    const auto bad_path = write_file("trygg_mapped_threads_bad.csv", bad);
    for (unsigned threads : {1u, 2u, 3u, 4u}) {
        EXPECT_FALSE(io::MappedText::open(bad_path.string(), io::Encoding::auto_detect, threads));
        try {
            io::MappedText::open(bad_path.string(), io::Encoding::utf8, threads);
            ADD_FAILURE() << "declared UTF-8 with an invalid byte must throw";
        } catch (const core::InputError& e) {
            EXPECT_NE(std::string(e.what()).find(": line " + std::to_string(line) + ": invalid UTF-8 byte"),
                      std::string::npos)
                << e.what() << ", " << threads << " threads";
        }
    }
    std::filesystem::remove(path);
    std::filesystem::remove(bad_path);
}

TEST(MappedText, Utf16IsLeftToTheConvertingReader)
{
    const auto path = write_file("trygg_mapped_utf16.csv", std::string("\xFF\xFE" "a\0,\0b\0\n\0", 10));
    EXPECT_FALSE(io::MappedText::open(path.string(), io::Encoding::auto_detect));
    std::filesystem::remove(path);
}

TEST(TextIndex, CountsEqualCountingTheText)
{
    // \r\n pairs and lone \r with the \r as the last byte of a block, quotes in some blocks only.
    std::mt19937 rng(2012);
    std::string text = ascii_filler(5 * block + 12345);
    for (std::size_t k = 1; k <= 5; ++k) {
        text[k * block - 1] = '\r';
        text[k * block] = k % 2 ? '\n' : 'x';  // a pair across the end of blocks 1, 3, 5; lone at 2, 4
    }
    text[3 * block + 77] = '"';
    text[3 * block + 99] = '"';
    text.back() = '\r';  // a lone \r as the very last byte
    io::TextIndex index;
    for (std::size_t at = 0; at < text.size(); at += block)
        index.add_block(std::string_view(text).substr(at, block));
    index.finish();
    std::uniform_int_distribution<std::size_t> pos(0, text.size());
    for (int trial = 0; trial < 300; ++trial) {
        auto a = pos(rng), b = pos(rng);
        if (a > b)
            std::swap(a, b);
        if (trial < 6)
            a = 0, b = trial < 3 ? text.size() : std::min(text.size(), (trial + 1) * block);  // whole blocks
        const auto nl = static_cast<std::uint64_t>(std::count(text.begin() + a, text.begin() + b, '\n'));
        std::uint64_t lone = 0;
        for (auto i = a; i < b; ++i)
            lone += text[i] == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n');
        ASSERT_EQ(index.newlines_in(text, a, b), nl) << a << ".." << b;
        ASSERT_EQ(index.lone_crs_in(text, a, b), lone) << a << ".." << b;
        const auto q = text.find('"', a);
        ASSERT_EQ(index.find_quote(text, a), q == std::string::npos ? text.size() : q) << a;
    }
}

TEST(TextIndex, SplitWithTheIndexEqualsSplitReadingTheText)
{
    // Targets fall in blocks with and without quotes; \r\n and lone \r row ends.
    std::string text;
    for (int i = 0; text.size() < 6 * block; ++i) {
        text += "P" + std::to_string(i) + ",";
        text += i % 5000 == 0 ? "\"two\nlines\"" : "plain";
        text += i % 7 == 0 ? "\r\n" : i % 11 == 0 ? "\r" : "\n";
    }
    io::TextIndex index;
    for (std::size_t at = 0; at < text.size(); at += block)
        index.add_block(std::string_view(text).substr(at, block));
    index.finish();
    for (std::size_t parts : {2u, 3u, 5u}) {
        const auto plain = io::split_csv_rows(text, ',', parts);
        const auto indexed = io::split_csv_rows(text, ',', parts, std::size_t{1} << 20, &index);
        ASSERT_EQ(plain.size(), indexed.size());
        for (std::size_t k = 0; k < plain.size(); ++k) {
            EXPECT_EQ(plain[k].begin, indexed[k].begin);
            EXPECT_EQ(plain[k].end, indexed[k].end);
            EXPECT_EQ(plain[k].first_line, indexed[k].first_line) << parts << " parts, part " << k;
        }
    }
}

TEST(MappedText, RecordsAcrossReleaseWindowsEqualParsingTheTextInMemory)
{
    // About 2.5 release windows: quoted cells with line breaks and \r\n row ends are spread
    // so that windows end inside them; the reference parses the same bytes from a string.
    std::string text = "id,datum,text\n";
    for (int i = 0; text.size() < io::release_window * 5 / 2; ++i) {
        text += "P" + std::to_string(i) + ",2024-01-01,";
        text += i % 13 == 0 ? "\"a quoted\r\ncell, \"\"long\"\" enough to straddle a page\"" : "plain";
        text += i % 3 ? "\n" : "\r\n";
    }
    const auto path = write_file("trygg_mapped_windows.csv", text);
    struct Rec {
        std::uint64_t number;
        std::vector<std::string> cells;
        bool operator==(const Rec&) const = default;
    };
    std::vector<Rec> expected;
    bool header = true;
    io::for_each_csv_row(text, ',', [&](const io::CsvRowView& r) {
        if (!header)
            expected.push_back({r.line, {r.cells.begin(), r.cells.end()}});
        header = false;
    });
    for (std::size_t threads : {1u, 2u}) {
        std::vector<std::vector<Rec>> got(threads);
        io::for_each_record_in_parts(
            path.string(), {}, threads, [&](const io::Records&, const std::vector<std::size_t>& hint) { got.resize(hint.size()); },
            [&](std::size_t part, const io::RecordRow& row) {
                got[part].push_back({row.number, {row.cells.begin(), row.cells.end()}});
            });
        std::vector<Rec> all;
        for (auto& g : got)
            all.insert(all.end(), g.begin(), g.end());
        ASSERT_EQ(all.size(), expected.size());
        EXPECT_TRUE(all == expected) << threads << " threads";
    }
    std::filesystem::remove(path);
}

// Another program truncating the file while it is read: the next page touched past the new end
// raises SIGBUS. The run ends with one line naming the file and exit code 4, not a crash.
TEST(MappedTextDeathTest, AFileThatShrinksWhileReadIsOneLineAndExitCode4)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const auto path = write_file("trygg_mapped_shrinks.csv", ascii_filler(4 * block));
    EXPECT_EXIT(
        {
            auto m = io::MappedText::open(path.string(), io::Encoding::auto_detect);
            std::filesystem::resize_file(path, 0);
            volatile char last = m->text()[m->text().size() - 1];
            (void)last;
            std::_Exit(0);  // not reached when the guard works
        },
        ::testing::ExitedWithCode(4), "trygg_mapped_shrinks.csv: the file shrank while it was read");
    std::filesystem::remove(path);
}
