// SPDX-License-Identifier: MIT
#include <trygg/core/demography.hpp>

#include <gtest/gtest.h>

using namespace trygg::core;

TEST(Demography, SexLabelsOfRegistersAndPopulationTables)
{
    for (const char* s : {"M", "man", "M\xC3\x84N", "pojke", "male", "1", " Man "})
        EXPECT_EQ(parse_sex(s), SexLabel::man) << s;
    for (const char* s : {"K", "kvinna", "Kvinnor", "FLICKA", "f", "female", "2"})
        EXPECT_EQ(parse_sex(s), SexLabel::kvinna) << s;
    for (const char* s : {"", "  ", "totalt", "Total", "alla", "B\xC3\xA5" "da k\xC3\xB6nen"})
        EXPECT_EQ(parse_sex(s), SexLabel::all) << s;
    for (const char* s : {"x", "mann", "3", "okänd", "kvinna man"})
        EXPECT_FALSE(parse_sex(s).has_value()) << s;
    EXPECT_EQ(sex_labels(), (std::vector<std::string>{"alla", "man", "kvinna", "okänd"}));
    EXPECT_EQ(sex_label(SexLabel::kvinna), "kvinna");
}

TEST(Demography, AgeRanges)
{
    auto is = [](const char* text, int lo, int hi) {
        auto r = parse_age_range(text);
        ASSERT_TRUE(r.has_value()) << text;
        EXPECT_EQ(r->lo, lo) << text;
        EXPECT_EQ(r->hi, hi) << text;
    };
    is("0-17", 0, 17);
    is("0-17 \xC3\xA5r", 0, 17);  // "0-17 år"
    is("18 - 24", 18, 24);
    is("65-", 65, AgeRange::open_end);
    is("65+", 65, AgeRange::open_end);
    is("65-w", 65, AgeRange::open_end);
    is("", -1, -1);
    is("Totalt", -1, -1);
    is("alla", -1, -1);
    is("totalt \xC3\x85LDER", -1, -1);  // "totalt ÅLDER"
    for (const char* s : {"17-0", "abc", "17", "-17", "man"})
        EXPECT_FALSE(parse_age_range(s).has_value()) << s;
}

TEST(Demography, AgeLabels)
{
    EXPECT_EQ(age_labels({0, 18, 65}), (std::vector<std::string>{"alla", "0-17", "18-64", "65-", "okänd"}));
    EXPECT_EQ(age_labels({}), (std::vector<std::string>{"alla", "okänd"}));
    EXPECT_EQ(age_label({25, 44}), "25-44");
    EXPECT_EQ(age_label({}), "alla");
}
