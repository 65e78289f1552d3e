// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/area_table_reader.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

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

// Plain decimals take a shortcut (digits / 10^k); glibc's strtod, correctly rounded, is the
// reference for every one of them, bit for bit, including those the shortcut leaves alone.
TEST(AreaTable, PlainDecimalsReadBitForBitAsStrtodReadsThem)
{
    std::vector<std::string> texts{"0.1", "-0", "0", "5.", ".5", "-.5", "6616364.23", "596027.69", "0000012.500",
                                   "123456789012345", "1234567890123456", "9007199254740993", "0.000000000000000000001",
                                   "1.0000000000000000000000001", "99999999999999.9", "4503599627370497.5",
                                   "0.30000000000000004", "1e5", "-1.5e-3"};
    std::mt19937_64 rng(20261206);
    for (int k = 0; k < 200000; ++k) {
        std::string t = rng() % 4 == 0 ? "-" : "";
        const int whole = static_cast<int>(rng() % 10), fraction = static_cast<int>(rng() % 12);
        for (int d = 0; d < whole; ++d)
            t += static_cast<char>('0' + rng() % 10);
        if (fraction || rng() % 2)
            t += '.';
        for (int d = 0; d < fraction; ++d)
            t += static_cast<char>('0' + rng() % 10);
        if (whole + fraction > 0)
            texts.push_back(t);
    }
    std::size_t differ = 0;
    for (const auto& t : texts) {
        const double want = std::strtod(t.c_str(), nullptr);
        const auto got = core::parse_number(t);
        if (!got || std::memcmp(&want, &*got, sizeof want) != 0)
            ADD_FAILURE() << t << ": " << (got ? std::to_string(*got) : "none") << " vs strtod " << want,
                ++differ;
        if (differ > 5)
            break;
    }
    EXPECT_EQ(differ, 0u);
}
