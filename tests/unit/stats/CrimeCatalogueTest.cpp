// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/io/catalogue_reader.hpp>
#include <trygg/stats/crime_catalogue.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace trygg;

namespace {
// Catalogue rows as io hands them over, built by hand (no file).
core::RecordRows rows_of(std::vector<std::vector<std::string>> rows)
{
    core::RecordRows r;
    r.source = "hand.csv";
    r.fields = {"pattern", "kind", "groups", "description"};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        r.rows.push_back(rows[i]);
        r.lines.push_back(i + 2);
        r.problems.emplace_back();
    }
    return r;
}
}  // namespace

TEST(CrimeCatalogue, ExactCodeThenLongestPrefixThenText)
{
    auto c = stats::CrimeCatalogue::from_rows(rows_of({{"03", "prefix", "vald", "kap 3"},
                                                       {"0315", "code", "ovrigt", "vållande"},
                                                       {"98", "prefix", "tillgrepp", ""},
                                                       {"985", "prefix", "vald;tillgrepp", "rån"},
                                                       {"Misshandel", "text", "vald", ""},
                                                       {"Skadegörelse", "text", "skadegorelse", ""}}));
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
    auto c = stats::CrimeCatalogue::from_rows(
        io::read_catalogue((test::source_dir() / "geodata/catalog/brottskoder.csv").string()));
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
        stats::CrimeCatalogue::from_rows(io::read_catalogue(file.string()));
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ": line 3: field 'kind' is 'range' (expected code, prefix or text)");
    }
}

TEST(CrimeCatalogue, RowProblemAndMissingFieldNameTheSource)
{
    auto rows = rows_of({{"03", "prefix", "vald", ""}, {"04", "prefix", "vald", ""}});
    rows.problems[1] = "has 5 fields, the header has 4";
    try {
        stats::CrimeCatalogue::from_rows(rows);
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()), "hand.csv: line 3: has 5 fields, the header has 4");
    }
    rows.fields[1] = "typ";
    try {
        stats::CrimeCatalogue::from_rows(rows);
        FAIL();
    } catch (const core::InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "hand.csv: catalogue field 'kind' not found (the fields are: pattern, typ, groups, description)");
    }
}
