// SPDX-License-Identifier: MIT
#include <trygg/io/csv_reader.hpp>
#include <trygg/io/csv_writer.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace trygg;

TEST(CsvWriter, QuotesOnlyWhatRfc4180Requires)
{
    EXPECT_EQ(io::csv_quote("plain text"), "plain text");
    EXPECT_EQ(io::csv_quote(""), "");
    EXPECT_EQ(io::csv_quote("a,b"), "\"a,b\"");
    EXPECT_EQ(io::csv_quote("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(io::csv_quote("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(io::csv_quote("cr\r"), "\"cr\r\"");
    EXPECT_EQ(io::csv_quote("a,b", ';'), "a,b");
    EXPECT_EQ(io::csv_quote("a;b", ';'), "\"a;b\"");
}

TEST(CsvWriter, RowsReadBackThroughTheReader)
{
    const std::vector<std::vector<std::string>> rows = {
        {"id", "adress", "anteckning"},
        {"1", "Storgatan 1, Exempelstad", "sa \"nej\""},
        {"2", "", "rad ett\nrad tv\xC3\xA5"},
    };
    std::ostringstream out;
    io::CsvWriter w(out);
    for (const auto& r : rows)
        w.write_row(r);
    w.field("3").field("x").end_row();
    EXPECT_EQ(out.str(),
              "id,adress,anteckning\n1,\"Storgatan 1, Exempelstad\",\"sa \"\"nej\"\"\"\n2,,\"rad ett\nrad tv\xC3\xA5\"\n3,x\n");
    auto doc = io::parse_csv(out.str(), ',');
    ASSERT_EQ(doc.rows.size(), 4u);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        EXPECT_EQ(doc.rows[r].cells, rows[r]);
        EXPECT_TRUE(doc.rows[r].problem.empty());
    }
    EXPECT_EQ(doc.rows[3].line, 5u);  // row 2 spans lines 3-4
}

TEST(CsvWriter, FileAppearsOnlyOnCommit)
{
    auto dir = test::temp_dir("csv-writer");
    const auto target = dir / "out.csv";
    {
        io::CsvFileWriter f(target);
        f.rows().write_row({"a", "b"});
        EXPECT_TRUE(std::filesystem::exists(dir / "out.csv.tmp"));
        EXPECT_FALSE(std::filesystem::exists(target));
    }  // abandoned: no file, no temporary
    EXPECT_FALSE(std::filesystem::exists(target));
    EXPECT_FALSE(std::filesystem::exists(dir / "out.csv.tmp"));
    {
        io::CsvFileWriter f(target);
        f.rows().write_row({"a", "b;c"});
        f.commit();
    }
    std::ifstream in(target, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "a,b;c\n");
    EXPECT_FALSE(std::filesystem::exists(dir / "out.csv.tmp"));
    std::filesystem::remove_all(dir);
}
