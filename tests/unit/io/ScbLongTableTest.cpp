// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/area_table_reader.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace trygg;

namespace {

io::AreaTableOptions long_layout(int year = 0)
{
    io::AreaTableOptions o;
    o.long_layout = true;
    o.year = year;
    return o;
}

}  // namespace

// Values read by eye from the file: 1980A0010 has 1808 in all, 133 aged 0-4, 172 aged 5-9 in 2022.
TEST(ScbLongTable, WideAgeExportBecomesOneRowPerAgeGroup)
{
    TRYGG_SHARED_DATA_OR_SKIP(file, "vasteras/scb/population_by_age_2022.csv");
    const auto t = io::read_area_table(file.string(), long_layout());
    EXPECT_EQ(t.columns, (std::vector<std::string>{"kod", "år", "ålder", "kön", "värde"}));
    EXPECT_EQ(t.year, 2022);
    ASSERT_EQ(t.rows.size(), 84u * 6u);
    EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1980A0010", "2022", "totalt", "totalt", "1808"}));
    EXPECT_EQ(t.rows[1], (std::vector<std::string>{"1980A0010", "2022", "0-4 år", "totalt", "133"}));
    EXPECT_EQ(t.rows[2], (std::vector<std::string>{"1980A0010", "2022", "5-9 år", "totalt", "172"}));
    EXPECT_EQ(t.source_rows[0], t.source_rows[5]);  // one line of the file gives six rows
    // The year from the header; a different "year" is refused.
    try {
        (void)io::read_area_table(file.string(), long_layout(2023));
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("\"year\" is 2023 but the export's header names the year 2022"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ScbLongTable, ExportWithoutYearHeaderTakesTheGivenYear)
{
    TRYGG_SHARED_DATA_OR_SKIP(file, "vasteras/scb/population_2023.csv");
    const auto t = io::read_area_table(file.string(), long_layout(2023));
    EXPECT_EQ(t.columns, (std::vector<std::string>{"kod", "kön", "år", "värde"}));
    EXPECT_EQ(t.year, 2023);
    ASSERT_EQ(t.rows.size(), 84u);
    EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1980A0010", "totalt", "2023", "1796"}));
}

TEST(ScbLongTable, WideReadingKeepsItsColumnsAndLearnsTheYear)
{
    TRYGG_SHARED_DATA_OR_SKIP(file, "vasteras/scb/population_by_age_2022.csv");
    const auto t = io::read_area_table(file.string(), {});
    EXPECT_EQ(t.year, 2022);
    EXPECT_EQ(t.columns[2], "0-4 år");
    EXPECT_EQ(t.rows.size(), 84u);
}

TEST(ScbLongTable, SpannedHeaderCellsAndSexesByContent)
{
    auto dir = test::temp_dir("scblong");
    auto file = dir / "t.csv";
    // No "efter ..." in the title: the header rows are named by what they hold.
    std::ofstream(file) << "\"Folkmängd\"\n,2021,,,\n,män,,kvinnor,\n,0-17,18-,0-17,18-\nA1,1,2,3,4\n";
    const auto t = io::read_area_table(file.string(), long_layout());
    EXPECT_EQ(t.columns, (std::vector<std::string>{"kod", "år", "kön", "ålder", "värde"}));
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.rows[1], (std::vector<std::string>{"A1", "2021", "män", "18-", "2"}));
    EXPECT_EQ(t.rows[2], (std::vector<std::string>{"A1", "2021", "kvinnor", "0-17", "3"}));
}

TEST(ScbLongTable, PlainTablesAreNotReshaped)
{
    auto dir = test::temp_dir("scblong");
    auto file = dir / "plain.csv";
    std::ofstream(file) << "kod,antal\nA,1\n";
    auto o = long_layout();
    o.key = "kod";
    EXPECT_THROW((void)io::read_area_table(file.string(), o), core::InputError);
    o.long_layout = false;
    o.year = 2020;
    EXPECT_EQ(io::read_area_table(file.string(), o).year, 2020);
}

TEST(ScbLongTable, SeveralYearsInTheHeaderGiveAYearColumnButNoTableYear)
{
    auto dir = test::temp_dir("scblong");
    auto file = dir / "years.csv";
    std::ofstream(file) << "\"Folkmängden per region efter region, år och kön\"\n,2022,,2023,\n"
                           ",män,kvinnor,män,kvinnor\nA1 Ort,1,2,3,4\nA2 Ort,5,6,7,8\n";
    const auto t = io::read_area_table(file.string(), long_layout());
    EXPECT_EQ(t.columns, (std::vector<std::string>{"kod", "år", "kön", "värde"}));
    EXPECT_EQ(t.year, 0);
    ASSERT_EQ(t.rows.size(), 8u);
    EXPECT_EQ(t.rows[2], (std::vector<std::string>{"A1", "2023", "män", "3"}));
    EXPECT_EQ(t.rows[7], (std::vector<std::string>{"A2", "2023", "kvinnor", "8"}));
    EXPECT_THROW((void)io::read_area_table(file.string(), long_layout(2022)), core::InputError);
}
