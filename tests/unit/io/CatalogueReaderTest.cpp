// SPDX-License-Identifier: MIT
#include <trygg/io/catalogue_reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace trygg;

namespace {
std::string write_file(const std::string& name, const std::string& text)
{
    auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path.string();
}
}  // namespace

TEST(CatalogueReader, RowsLinesAndWidthProblems)
{
    const auto path = write_file("trygg_catalogue_reader.csv", "a,b,c\n1,2,3\n\n4,5\n\"x\ny\",z,w,extra\n");
    const auto rows = io::read_catalogue(path);
    EXPECT_EQ(rows.source, path);
    EXPECT_EQ(rows.fields, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_EQ(rows.rows.size(), 3u);
    EXPECT_EQ(rows.lines, (std::vector<std::uint64_t>{2, 4, 5}));
    EXPECT_EQ(rows.rows[1], (std::vector<std::string>{"4", "5", ""}));
    EXPECT_EQ(rows.problems[0], "");
    EXPECT_EQ(rows.problems[1], "has 2 fields, the header has 3");
    EXPECT_EQ(rows.problems[2], "has 4 fields, the header has 3");
    EXPECT_EQ(rows.rows[2][0], "x\ny");

    // A catalogue whose rows may leave out trailing cells: padded, no problem.
    const auto ragged = io::read_catalogue(path, io::RowWidth::may_differ);
    EXPECT_EQ(ragged.lines, rows.lines);
    EXPECT_EQ(ragged.rows[1], (std::vector<std::string>{"4", "5", ""}));
    EXPECT_EQ(ragged.problems, (std::vector<std::string>{"", "", ""}));
    std::filesystem::remove(path);
}
