// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/text_encoding.hpp>

#include <gtest/gtest.h>

using namespace trygg;

TEST(CsvReader, QuotedCellsKeepDelimitersQuotesAndNewlines)
{
    auto doc = io::parse_csv("a,b,c\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n2,,z\n");
    ASSERT_EQ(doc.rows.size(), 3u);
    EXPECT_EQ(doc.rows[1].cells, (std::vector<std::string>{"1", "x, \"y\"", "two\nlines"}));
    EXPECT_EQ(doc.rows[2].line, 4u);  // the quoted newline moved the next row to line 4
    EXPECT_EQ(doc.rows[2].cells, (std::vector<std::string>{"2", "", "z"}));
}

TEST(CsvReader, DetectsSemicolonAndTabDelimiters)
{
    EXPECT_EQ(io::parse_csv("a;b;c\n1;2,5;3\n").delimiter, ';');
    EXPECT_EQ(io::parse_csv("a;b;c\n1;2,5;3\n").rows[1].cells[1], "2,5");
    EXPECT_EQ(io::parse_csv("a\tb\n1\t2\n").delimiter, '\t');
}

TEST(CsvReader, CrLfAndBlankLines)
{
    auto doc = io::parse_csv("a,b\r\n1,2\r\n\r\n3,4\r\n");
    ASSERT_EQ(doc.rows.size(), 3u);
    EXPECT_EQ(doc.rows[2].cells[1], "4");
    EXPECT_EQ(doc.rows[2].line, 4u);
}

TEST(CsvReader, UnterminatedQuoteIsAProblemNotACrash)
{
    auto doc = io::parse_csv("a,b\n1,\"open\n2,3\n");
    ASSERT_EQ(doc.rows.size(), 2u);
    EXPECT_EQ(doc.rows[1].problem, "unterminated quote starting at line 2");
}

TEST(TextEncoding, BomIsStrippedAndWindows1252Converted)
{
    EXPECT_EQ(io::to_utf8("\xEF\xBB\xBF" "kod", io::Encoding::auto_detect, "f"), "kod");
    // "Västerås" in Windows-1252: ä = E4, å = E5.
    EXPECT_EQ(io::to_utf8("V\xE4ster\xE5s", io::Encoding::auto_detect, "f"), "V\xC3\xA4ster\xC3\xA5s");
    EXPECT_EQ(io::to_utf8("\x80", io::Encoding::windows1252, "f"), "\xE2\x82\xAC");  // euro sign
}

TEST(TextEncoding, Utf16WithBomIsRead)
{
    // "kod,Västerås" + a character outside the BMP (U+1F600, a surrogate pair), little and big endian.
    const std::string le("\xFF\xFE" "k\0o\0d\0,\0V\0\xE4\0s\0t\0e\0r\0\xE5\0s\0" "\x3D\xD8\x00\xDE", 30);
    const std::string be("\xFE\xFF" "\0k\0o\0d\0,\0V\0\xE4\0s\0t\0e\0r\0\xE5\0s" "\xD8\x3D\xDE\x00", 30);
    const std::string utf8 = "kod,V\xC3\xA4ster\xC3\xA5s\xF0\x9F\x98\x80";
    EXPECT_EQ(io::to_utf8(le, io::Encoding::auto_detect, "f"), utf8);
    EXPECT_EQ(io::to_utf8(be, io::Encoding::windows1252, "f"), utf8);
    // A lone low surrogate, and an odd number of bytes, are errors naming the file.
    EXPECT_THROW(io::to_utf8(std::string("\xFF\xFE\x00\xDC", 4), io::Encoding::auto_detect, "f"), core::InputError);
    EXPECT_THROW(io::to_utf8(std::string("\xFF\xFEk", 3), io::Encoding::auto_detect, "f"), core::InputError);
}

TEST(TextEncoding, DecodeTextKeepsInvalidBytesOfDeclaredUtf8)
{
    io::Encoding used = io::Encoding::auto_detect;
    EXPECT_EQ(io::decode_text("a\xE4", io::Encoding::utf8, &used), "a\xE4");
    EXPECT_EQ(used, io::Encoding::utf8);
    EXPECT_EQ(io::decode_text("a\xE4", io::Encoding::auto_detect, &used), "a\xC3\xA4");
    EXPECT_EQ(used, io::Encoding::windows1252);
    // A BOM says UTF-8, so a stray Latin-1 byte after it stays for the caller to report.
    EXPECT_EQ(io::decode_text("\xEF\xBB\xBF" "a\xE4", io::Encoding::auto_detect, &used), "a\xE4");
    EXPECT_EQ(used, io::Encoding::utf8);
}

TEST(TextEncoding, DeclaredUtf8WithInvalidBytesNamesTheLine)
{
    try {
        io::to_utf8("ok\nbad \xE4 byte\n", io::Encoding::utf8, "reg.csv");
        FAIL() << "expected an error";
    } catch (const core::InputError& e) {
        EXPECT_STREQ(e.what(),
                     "reg.csv: line 2: invalid UTF-8 byte (declare \"encoding\": \"windows-1252\" if the file is not UTF-8)");
    }
    EXPECT_EQ(io::to_utf8("Malm\xC3\xB6", io::Encoding::utf8, "f"), "Malm\xC3\xB6");
}
