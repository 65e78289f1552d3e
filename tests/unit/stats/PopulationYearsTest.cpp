// SPDX-License-Identifier: MIT
#include <trygg/stats/population_years.hpp>

#include <gtest/gtest.h>

using namespace trygg;

TEST(PopulationYears, PeriodYearOfEveryPeriodKind)
{
    EXPECT_EQ(stats::period_year("2023H2"), 2023);
    EXPECT_EQ(stats::period_year("2021Q4"), 2021);
    EXPECT_EQ(stats::period_year("2019-07"), 2019);
    EXPECT_EQ(stats::period_year("2024"), 2024);
    EXPECT_EQ(stats::period_year("x"), 0);
}

TEST(PopulationYears, OwnYearElseNearestElseEarlierOnATie)
{
    const std::vector<std::string> periods{"2019H2", "2022H1", "2022H2", "2023H1", "2024H1", "2027H1"};
    EXPECT_EQ(stats::population_year_of_periods(periods, {2022, 2023}),
              (std::vector<int>{2022, 2022, 2022, 2023, 2023, 2023}));
    // 2024 is as near to 2023 as to 2025: the earlier year.
    EXPECT_EQ(stats::population_year_of_periods({"2024H1"}, {2023, 2025}), (std::vector<int>{2023}));
    // A population without years serves every period.
    EXPECT_EQ(stats::population_year_of_periods(periods, {}), (std::vector<int>(6, 0)));
}

TEST(PopulationYears, FallbacksDescribedAsRunsOfPeriods)
{
    const std::vector<std::string> periods{"2020H2", "2021H1", "2021H2", "2022H1", "2022H2", "2023H1", "2024H1"};
    const std::vector<int> used{2022, 2022, 2022, 2022, 2022, 2023, 2023};
    EXPECT_EQ(stats::describe_population_fallbacks(periods, used), "2020H2\u20132021H2 use 2022; 2024H1 uses 2023");
    EXPECT_EQ(stats::describe_population_fallbacks({"2022H1"}, {2022}), "");
    EXPECT_EQ(stats::describe_population_fallbacks({"2022H1"}, {0}), "");
}

TEST(PopulationYears, TableYearsFromAColumn)
{
    core::AreaTable t;
    t.columns = {"kod", "ar", "v"};
    t.key_column = "kod";
    t.rows = {{"a", "2023", "1"}, {"b", " 2022 ", "2"}, {"c", "2023", "3"}, {"d", "23", "4"}};
    EXPECT_EQ(stats::population_table_years(t, 1), (std::vector<int>{2022, 2023}));
    EXPECT_EQ(core::parse_year("2023"), 2023);
    EXPECT_EQ(core::parse_year("20x3"), 0);
    EXPECT_EQ(core::parse_year("1700"), 0);
    EXPECT_EQ(core::parse_year("12023"), 0);
}
