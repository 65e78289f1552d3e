#include <trygg/core/error.hpp>
#include <trygg/stats/crime_catalogue.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace trygg;

TEST(CrimeCatalogue, ExactCodeThenLongestPrefixThenText)
{
    auto dir = test::temp_dir("catalogue");
    auto file = dir / "c.csv";
    std::ofstream(file) << "pattern,kind,groups,description\n"
                           "03,prefix,vald,kap 3\n"
                           "0315,code,ovrigt,vållande\n"
                           "98,prefix,tillgrepp,\n"
                           "985,prefix,vald;tillgrepp,rån\n"
                           "Misshandel,text,vald,\n"
                           "Skadegörelse,text,skadegorelse,\n";
    auto c = stats::CrimeCatalogue::load(file.string());
    const auto& g = c.group_names();
    auto bit = [&](const char* name) { return static_cast<std::uint16_t>(1u << (std::find(g.begin(), g.end(), name) - g.begin())); };
    EXPECT_EQ(c.match("0375"), bit("vald"));
    EXPECT_EQ(c.match("0315"), bit("ovrigt"));
    EXPECT_EQ(c.match("9851"), bit("vald") | bit("tillgrepp"));
    EXPECT_EQ(c.match("9801"), bit("tillgrepp"));
    EXPECT_EQ(c.match("  MISSHANDEL "), bit("vald"));
    EXPECT_EQ(c.match("SKADEGÖRELSE"), bit("skadegorelse"));
    EXPECT_EQ(c.match("035"), 0);  // not a 4-digit code: prefixes do not apply
    EXPECT_EQ(c.match("Stöld"), 0);
}

TEST(CrimeCatalogue, ShippedCatalogueCoversThePoliceFeedAndRegister)
{
    auto c = stats::CrimeCatalogue::load((test::source_dir() / "geodata/catalog/brottskoder.csv").string());
    const auto& g = c.group_names();
    auto bit = [&](const char* name) { return static_cast<std::uint16_t>(1u << (std::find(g.begin(), g.end(), name) - g.begin())); };
    EXPECT_EQ(c.match("1211"), bit("skadegorelse"));  // bilbrand
    EXPECT_EQ(c.match("1701"), bit("vald"));          // våld mot tjänsteman
    EXPECT_TRUE(c.match("Rån") & bit("vald"));
    EXPECT_TRUE(c.match("Rån") & bit("tillgrepp"));
    EXPECT_EQ(c.match("Narkotikabrott"), bit("narkotika"));
}

TEST(CrimeCatalogue, MalformedRowNamesFileAndLine)
{
    auto dir = test::temp_dir("catalogue-bad");
    auto file = dir / "c.csv";
    std::ofstream(file) << "pattern,kind,groups\n03,prefix,vald\n12,range,skadegorelse\n";
    try {
        stats::CrimeCatalogue::load(file.string());
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ": line 3: field 'kind' is 'range' (expected code, prefix or text)");
    }
}
