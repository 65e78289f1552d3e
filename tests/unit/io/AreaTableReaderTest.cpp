// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/area_table_reader.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace trygg;

// Values below are read by eye from the SCB export files themselves.
TEST(AreaTableReader, ScbPopulationExportWithLeadingEmptyColumn)
{
    TRYGG_SHARED_DATA_OR_SKIP(file, "vasteras/scb/population_2023.csv");
    auto t = io::read_area_table(file.string(), {});
    EXPECT_EQ(t.title, "Folkmängden per region efter år, region och kön");
    EXPECT_EQ(t.columns, (std::vector<std::string>{"kod", "totalt"}));
    ASSERT_EQ(t.rows.size(), 84u);
    EXPECT_EQ(t.key(0), "1980A0010");
    EXPECT_EQ(t.rows[0][1], "1796");
    EXPECT_EQ(t.key(83), "1980C1720");
    EXPECT_EQ(t.rows[83][1], "2227");
}

TEST(AreaTableReader, ScbLabourMarketExportDropsConstantHeaderRows)
{
    TRYGG_SHARED_DATA_OR_SKIP(file, "vasteras/scb/labour_market_status_2022.csv");
    auto t = io::read_area_table(file.string(), {});
    ASSERT_EQ(t.columns.size(), 6u);
    EXPECT_EQ(t.columns[1], "antal sysselsatta");
    EXPECT_EQ(t.columns[5], "antal totalt");
    EXPECT_EQ(t.key(0), "1980A0010");
    EXPECT_EQ(t.rows[0][1], "912");
    EXPECT_EQ(t.rows[0][5], "1087");
}

TEST(AreaTableReader, PlainTableNeedsAnExistingKey)
{
    auto dir = test::temp_dir("areatable");
    auto file = dir / "t.csv";
    std::ofstream(file) << "kod;antal\nA;1 234,5\n";
    io::AreaTableOptions kod;
    kod.key = "kod";
    auto t = io::read_area_table(file.string(), kod);
    EXPECT_EQ(core::parse_number(t.rows[0][1]).value(), 1234.5);
    try {
        io::AreaTableOptions deso;
        deso.key = "deso";
        io::read_area_table(file.string(), deso);
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ": key field 'deso' not found (the fields are: kod, antal)");
    }
}

TEST(AreaTable, NumbersWithSwedishConventions)
{
    EXPECT_EQ(core::parse_number("12,5").value(), 12.5);
    EXPECT_EQ(core::parse_number("1 796").value(), 1796.0);
    EXPECT_FALSE(core::parse_number("..").has_value());
    EXPECT_FALSE(core::parse_number("abc").has_value());
    EXPECT_FALSE(core::parse_number("nan").has_value());
}

TEST(AreaTable, HexadecimalIsNoNumber)
{
    // strtod reads "0x90261" as 590433; no register means that.
    EXPECT_FALSE(core::parse_number("0x90261").has_value());
    EXPECT_FALSE(core::parse_number("0X1P3").has_value());
    EXPECT_FALSE(core::parse_number("infinity").has_value());
    EXPECT_EQ(core::parse_number("6.6e6").value(), 6.6e6);
}
