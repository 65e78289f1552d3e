// SPDX-License-Identifier: MIT
#include <trygg/geocode/address_parser.hpp>

#include <gtest/gtest.h>

using namespace trygg::geocode;

namespace {
struct Case {
    const char* text;
    const char* street;
    int number;
    const char* letter;
};
}  // namespace

class GeocodeParserNumbers : public ::testing::TestWithParam<Case> {};

TEST_P(GeocodeParserNumbers, StreetNumberLetter)
{
    const auto& c = GetParam();
    auto a = parse_address(c.text);
    EXPECT_EQ(a.street_name(), c.street) << c.text;
    EXPECT_EQ(a.number, c.number) << c.text;
    EXPECT_EQ(a.letter, c.letter) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Swedish, GeocodeParserNumbers,
    ::testing::Values(Case{"Vasagatan 12B", "vasagatan", 12, "B"}, Case{"Vasagatan 12 B", "vasagatan", 12, "B"},
                      Case{"Vasagatan 12b", "vasagatan", 12, "B"}, Case{"vasagatan 12", "vasagatan", 12, ""},
                      Case{"Stora Gatan 57", "stora gatan", 57, ""}, Case{"Karl IX:s väg 7", "karl ix:s väg", 7, ""},
                      Case{"Vasagatan 12-14", "vasagatan", 12, ""}, Case{"St. Nygatan 3", "stora nygatan", 3, ""},
                      Case{"Kopparbergsv. 5 A", "kopparbergsvägen", 5, "A"},
                      Case{"Östra Landisvägen 56A", "östra landisvägen", 56, "A"}));

TEST(GeocodeParser, ApartmentAndEntrance)
{
    auto a = parse_address("Vasagatan 12B lgh 1102");
    EXPECT_EQ(a.number, 12);
    EXPECT_EQ(a.letter, "B");
    EXPECT_EQ(a.apartment, "1102");
    auto b = parse_address("Vasagatan 12, uppgång 2, lgh. 1203");
    EXPECT_EQ(b.number, 12);
    EXPECT_EQ(b.apartment, "1203");
    auto c = parse_address("Vasagatan 12 uppgång B");
    EXPECT_EQ(c.entrance, "B");
    EXPECT_EQ(c.letter, "");
    auto d = parse_address("Vasagatan 12 lgh1102");
    EXPECT_EQ(d.apartment, "1102");
    auto e = parse_address("Vasagatan 12 lägenhet 1102 2 tr");
    EXPECT_EQ(e.apartment, "1102");
    EXPECT_TRUE(e.trailing.empty());
}

TEST(GeocodeParser, PostcodeAndTown)
{
    auto a = parse_address("Vasagatan 12, 722 12 Västerås");
    EXPECT_EQ(a.street_name(), "vasagatan");
    EXPECT_EQ(a.number, 12);
    EXPECT_EQ(a.postcode, "72212");
    EXPECT_EQ(a.town, "västerås");
    auto b = parse_address("Vasagatan 12 72212 VÄSTERÅS");
    EXPECT_EQ(b.postcode, "72212");
    EXPECT_EQ(b.town, "västerås");
    auto c = parse_address("Vasagatan 12, Västerås");
    EXPECT_EQ(c.town, "västerås");
    EXPECT_EQ(c.postcode, "");
    auto d = parse_address("Vasagatan 12\n722 12 Västerås");
    EXPECT_EQ(d.postcode, "72212");
    EXPECT_EQ(d.number, 12);
}

TEST(GeocodeParser, CareOfLineIsRemoved)
{
    auto a = parse_address("c/o Andersson, Vasagatan 12, 722 12 Västerås");
    EXPECT_EQ(a.care_of, "andersson");
    EXPECT_EQ(a.street_name(), "vasagatan");
    EXPECT_EQ(a.number, 12);
    auto b = parse_address("C/O Svensson\nStorgatan 3");
    EXPECT_EQ(b.street_name(), "storgatan");
    EXPECT_EQ(b.number, 3);
}

TEST(GeocodeParser, Intersections)
{
    auto a = parse_address("Kopparbergsvägen/Vasagatan");
    EXPECT_TRUE(a.intersection);
    EXPECT_EQ(a.street_name(), "kopparbergsvägen");
    EXPECT_EQ(a.cross_street_name(), "vasagatan");
    auto b = parse_address("Kopparbergsvägen och Vasagatan");
    EXPECT_TRUE(b.intersection);
    EXPECT_EQ(b.cross_street_name(), "vasagatan");
    auto c = parse_address("korsningen Kopparbergsvägen/Vasagatan");
    EXPECT_TRUE(c.intersection);
    EXPECT_EQ(c.street_name(), "kopparbergsvägen");
    auto d = parse_address("korsningen Kopparbergsvägen Vasagatan");
    EXPECT_TRUE(d.intersection);  // split left to the matcher
    EXPECT_EQ(d.street.size(), 2u);
    EXPECT_TRUE(d.cross_street.empty());
    auto e = parse_address("Kopparbergsvägen & Vasagatan");
    EXPECT_TRUE(e.intersection);
}

TEST(GeocodeParser, FillerWordsBeforeThePlaceName)
{
    auto a = parse_address("busshållplats på Råby centrum");
    EXPECT_EQ(a.street_name(), "råby centrum");
    EXPECT_EQ(a.leading.size(), 2u);
    auto b = parse_address("utanför Vasagatan 12");
    EXPECT_EQ(b.street_name(), "vasagatan");
    EXPECT_EQ(b.number, 12);
}

TEST(GeocodeParser, OddInputDoesNotThrow)
{
    EXPECT_TRUE(parse_address("").empty());
    EXPECT_TRUE(parse_address("   ,,, ;;").empty());
    auto a = parse_address("12");
    EXPECT_TRUE(a.street.empty());
    auto b = parse_address("Västerås");
    EXPECT_EQ(b.street_name(), "västerås");
    EXPECT_EQ(b.number, -1);
    std::string garbage;
    for (int i = 0; i < 10000; ++i)
        garbage += static_cast<char>('!' + (i * 7919) % 90);
    EXPECT_NO_THROW(parse_address(garbage));
}
