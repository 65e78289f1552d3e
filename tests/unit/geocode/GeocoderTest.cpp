// SPDX-License-Identifier: MIT
#include <trygg/geocode/geocoder.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace trygg::geocode;
using trygg::core::Point;

namespace {

// A small hand-made town. Vasagatan runs north along x = 1000 (odd) / 1030 (even); number n
// lies at y = (n - 1) * 10 (odd) or (n - 2) * 10 (even); 6 is missing; 12 has A and B only.
// Kopparbergsvägen runs east along y = 55 and meets Vasagatan near number 7.
Gazetteer make_town()
{
    Gazetteer g;
    auto src = g.add_source("test-addresses");
    auto add = [&](const char* street, int n, const char* letter, double x, double y, const char* pc, const char* town) {
        AddressPoint a;
        a.street = street;
        a.number = n;
        a.letter = letter;
        a.point = {x, y};
        a.postcode = pc;
        a.town = town;
        a.source = src;
        g.add_address(a);
    };
    for (int n : {1, 3, 5, 7, 9})
        add("Vasagatan", n, "", 1000, (n - 1) * 10.0, "72212", "Västerås");
    for (int n : {2, 4, 8, 10})
        add("Vasagatan", n, "", 1030, (n - 2) * 10.0, "72212", "Västerås");
    add("Vasagatan", 12, "A", 1030, 100, "72212", "Västerås");
    add("Vasagatan", 12, "B", 1030, 110, "72212", "Västerås");
    add("Kopparbergsvägen", 1, "", 900, 55, "72213", "Västerås");
    add("Kopparbergsvägen", 3, "", 980, 55, "72213", "Västerås");
    add("Kopparbergsvägen", 5, "", 1100, 55, "72213", "Västerås");
    for (int n = 1; n <= 5; ++n)
        add("Storgatan", n, "", 5000 + n * 10.0, 5000, "72215", "Västerås");
    for (int n = 1; n <= 3; ++n)
        add("Storgatan", n, "", 20000 + n * 10.0, 20000, "73050", "Skultuna");
    auto places = g.add_source("test-places");
    auto place = [&](const char* name, double x, double y, double r, PlaceKind kind) {
        NamedPlace p;
        p.name = name;
        p.point = {x, y};
        p.radius_m = r;
        p.kind = kind;
        p.source = places;
        g.add_place(p);
    };
    place("Stora torget", 1500, 1500, 0, PlaceKind::place);
    place("Kopparlunden-Östermalm", 3000, 3000, 800, PlaceKind::district);
    place("Östra Bäckby", 8000, 8000, 500, PlaceKind::district);
    place("Västra Bäckby", 9000, 8000, 500, PlaceKind::district);
    g.build();
    return g;
}

class GeocoderTest : public ::testing::Test {
protected:
    Gazetteer g = make_town();
    Geocoder geocoder{g};

    void expect_at(const GeocodeResult& r, MatchType type, double x, double y, const char* text)
    {
        EXPECT_EQ(to_string(r.type), to_string(type)) << text << ": " << r.reason;
        EXPECT_NEAR(r.point.x, x, 1e-6) << text;
        EXPECT_NEAR(r.point.y, y, 1e-6) << text;
    }
};

}  // namespace

TEST_F(GeocoderTest, ExactWithLetterInEveryForm)
{
    for (const char* t : {"Vasagatan 12B", "Vasagatan 12 B", "vasagatan 12b", "VASAGATAN 12 b", "Vasag. 12B",
                          "Vasagatan 12B, 722 12 Västerås", "Vasagatan 12B lgh 1102"}) {
        auto r = geocoder.geocode(t);
        expect_at(r, MatchType::exact, 1030, 110, t);
        EXPECT_DOUBLE_EQ(r.score, 1.0) << t;
        EXPECT_EQ(r.source, "test-addresses");
    }
}

TEST_F(GeocoderTest, MissingDiacriticsAndAbbreviations)
{
    expect_at(geocoder.geocode("Kopparbergsvagen 3"), MatchType::exact, 980, 55, "no diacritics");
    expect_at(geocoder.geocode("Kopparbergsv. 3"), MatchType::exact, 980, 55, "v.");
    expect_at(geocoder.geocode("Kopparbergs vaegen 3"), MatchType::exact, 980, 55, "separated, ae");
}

TEST_F(GeocoderTest, LetterInsensitiveGivesTheMeanOfTheLetters)
{
    // 12 exists only as 12A (y 100) and 12B (y 110): mean y 105.
    expect_at(geocoder.geocode("Vasagatan 12"), MatchType::letter, 1030, 105, "no letter");
    expect_at(geocoder.geocode("Vasagatan 12C"), MatchType::letter, 1030, 105, "unknown letter");
}

TEST_F(GeocoderTest, MissingNumberInterpolatedOnTheSameSide)
{
    // 6 lies between 4 (y 20) and 8 (y 60) on the even side x = 1030: y 40.
    expect_at(geocoder.geocode("Vasagatan 6"), MatchType::interpolated, 1030, 40, "6");
    // 11 is past the last odd number 9 (y 80): nearest on the same side.
    expect_at(geocoder.geocode("Vasagatan 11"), MatchType::interpolated, 1000, 80, "11");
}

TEST_F(GeocoderTest, NumberFarOutsideTheStreetGivesStreetCentroid)
{
    auto r = geocoder.geocode("Vasagatan 99");
    EXPECT_EQ(r.type, MatchType::street);
    // 87 numbers beyond 12, the highest known: the radius plus 40 m a number.
    EXPECT_GE(r.uncertainty_m, 87 * 40.0);
    auto s = geocoder.geocode("Vasagatan");
    EXPECT_EQ(s.type, MatchType::street);
    // Centroid of the 11 Vasagatan points: x = (5*1000 + 6*1030)/11.
    EXPECT_NEAR(s.point.x, (5 * 1000.0 + 6 * 1030.0) / 11, 1e-6);
}

TEST_F(GeocoderTest, FuzzyStreetNameWithinTheBound)
{
    // Placed on the similar street's address, but as `street_fuzzy` (see FuzzyStreetTest.cpp).
    auto r = geocoder.geocode("Vasagtan 7");
    expect_at(r, MatchType::street_fuzzy, 1000, 60, "one deletion");
    EXPECT_TRUE(r.fuzzy);
    EXPECT_LT(r.score, 1.0);
    auto t = geocoder.geocode("Kopparbergsvägnen 3");  // one insertion in a long name
    expect_at(t, MatchType::street_fuzzy, 980, 55, "insertion");
    // Four letters are too short for a typo to be accepted.
    EXPECT_EQ(geocoder.geocode("Vaxa 7").type, MatchType::unmatched);
}

TEST_F(GeocoderTest, ExtraWordsBeforeTheStreet)
{
    auto r = geocoder.geocode("utanför Vasagatan 7");
    expect_at(r, MatchType::exact, 1000, 60, "filler");
    auto s = geocoder.geocode("bråk vid Vasagatan 7");
    expect_at(s, MatchType::exact, 1000, 60, "unknown word dropped");
    EXPECT_LT(s.score, 1.0);
}

TEST_F(GeocoderTest, Intersections)
{
    // Closest pair: Kopparbergsvägen 3 (980, 55) and Vasagatan 7 (1000, 60): midpoint (990, 57.5).
    for (const char* t : {"Kopparbergsvägen/Vasagatan", "Vasagatan och Kopparbergsvägen",
                          "korsningen Kopparbergsvägen Vasagatan", "korsningen Kopparbergsv./Vasag."})
        expect_at(geocoder.geocode(t), MatchType::intersection, 990, 57.5, t);
}

TEST_F(GeocoderTest, SameStreetInTwoTownsIsAmbiguousUnlessTheTownSays)
{
    auto r = geocoder.geocode("Storgatan 2");
    EXPECT_EQ(r.type, MatchType::ambiguous);
    EXPECT_NE(r.reason.find("Västerås"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("Skultuna"), std::string::npos) << r.reason;
    EXPECT_FALSE(has_point(r.type));
    expect_at(geocoder.geocode("Storgatan 2, Skultuna"), MatchType::exact, 20020, 20000, "town");
    expect_at(geocoder.geocode("Storgatan 2, 730 50 Skultuna"), MatchType::exact, 20020, 20000, "postcode");
    // Number 5 exists only in Västerås; Skultuna would only be a guess next to 3.
    expect_at(geocoder.geocode("Storgatan 5"), MatchType::exact, 5050, 5000, "5");
}

TEST_F(GeocoderTest, PlacesAndDistricts)
{
    expect_at(geocoder.geocode("Stora torget"), MatchType::place, 1500, 1500, "place");
    expect_at(geocoder.geocode("busshållplats på Stora torget"), MatchType::place, 1500, 1500, "filler");
    expect_at(geocoder.geocode("St. torget"), MatchType::place, 1500, 1500, "abbreviated");
    expect_at(geocoder.geocode("Östermalm"), MatchType::district, 3000, 3000, "part of a district name");
    expect_at(geocoder.geocode("Bäckby"), MatchType::district, 8500, 8000, "Östra + Västra Bäckby");
}

TEST_F(GeocoderTest, FreeTextFindsCapitalisedPlaceNames)
{
    GeocoderOptions o;
    o.free_text = true;
    Geocoder text(g, o);
    expect_at(text.geocode("Polis larmas till en adress på Östermalm i Västerås."), MatchType::district, 3000, 3000,
              "district");
    expect_at(text.geocode("Bråk vid Stora torget i natt."), MatchType::place, 1500, 1500, "place");
    // A place inside the district also named: the place.
    EXPECT_EQ(text.geocode("Det hände på Stora torget.").type, MatchType::place);
    EXPECT_EQ(text.geocode("En man från Bäckby hittades på Stora torget.").type, MatchType::ambiguous);
    EXPECT_EQ(text.geocode("Polisen larmades till en adress i Västerås.").type, MatchType::unmatched);
    EXPECT_EQ(text.geocode("ingen plats på östermalm").type, MatchType::unmatched);  // not capitalised
}

TEST_F(GeocoderTest, PostcodeCentroid)
{
    auto r = geocoder.geocode("722 13 Västerås");
    EXPECT_EQ(r.type, MatchType::postcode);
    // Kopparbergsvägen's three points: (900 + 980 + 1100) / 3.
    EXPECT_NEAR(r.point.x, (900.0 + 980.0 + 1100.0) / 3, 1e-6);
    EXPECT_NEAR(r.point.y, 55.0, 1e-6);
}

TEST_F(GeocoderTest, BadInputGivesReasons)
{
    auto reason = [&](const std::string& t) {
        auto r = geocoder.geocode(t);
        EXPECT_EQ(r.type, MatchType::unmatched) << t;
        EXPECT_FALSE(r.reason.empty()) << t;
        return r.reason;
    };
    EXPECT_NE(reason("").find("empty"), std::string::npos);
    EXPECT_NE(reason("   ").find("empty"), std::string::npos);
    EXPECT_NE(reason("Västerås").find("postal town"), std::string::npos);
    EXPECT_NE(reason("V\xE4ster\xE5sgatan 3").find("UTF-8"), std::string::npos);
    EXPECT_NE(reason(std::string(10240, 'x')).find("limit"), std::string::npos);
    EXPECT_NE(reason("Okändagatan 3").find("not found"), std::string::npos);
    EXPECT_NE(reason("\x01\x02\x03").find("control"), std::string::npos);
    std::string garbage;
    for (int i = 0; i < 4000; ++i)
        garbage += static_cast<char>('!' + (i * 7919) % 90);
    reason(garbage);
    // Control characters inside a real address are ignored, with a note.
    auto r = geocoder.geocode("Vasagatan\x01 7");
    EXPECT_EQ(r.type, MatchType::exact);
    EXPECT_NE(r.reason.find("control"), std::string::npos);
}

TEST(GeocodeMatchType, NamesRoundTrip)
{
    for (int i = 0; i <= static_cast<int>(MatchType::unmatched); ++i) {
        auto t = static_cast<MatchType>(i);
        EXPECT_EQ(match_type_from_string(to_string(t)), t);
    }
    EXPECT_FALSE(match_type_from_string("nope").has_value());
}

TEST_F(GeocoderTest, RandomTextNeverThrowsAndAlwaysExplains)
{
    // Address-like pieces and hostile bytes in random order; every result is a type with a
    // point, or unmatched/ambiguous with a reason.
    const std::vector<std::string> pieces = {"Vasagatan", "12", "B", " ", ",", "/", ":", ".", "-", "och", "korsningen",
                                             "c/o", "lgh", "1102", "722 12", "Västerås", "å", "\xCC\x88", "\x01",
                                             "\n", "S:t", "uppgång", "Storgatan", "\xC3", "\xFF", "99999", "&",
                                             "Kopparbergsv.", "Stora torget", "(", ")", "\"", "0"};
    std::mt19937 rng(12345);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), count(0, 12);
    Geocoder text_mode(g, [] {
        GeocoderOptions t;
        t.free_text = true;
        return t;
    }());
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        for (std::size_t k = count(rng); k > 0; --k)
            s += pieces[pick(rng)];
        for (const Geocoder* gc : {&geocoder, &text_mode}) {
            GeocodeResult r;
            ASSERT_NO_THROW(r = gc->geocode(s)) << s;
            if (has_point(r.type)) {
                EXPECT_TRUE(std::isfinite(r.point.x) && std::isfinite(r.point.y)) << s;
                EXPECT_GT(r.score, 0.0);
            } else {
                EXPECT_FALSE(r.reason.empty()) << s;
            }
        }
    }
}

TEST(GeocodePriority, TheFirstSourceWinsOverALaterOne)
{
    Gazetteer g;
    auto first = g.add_source("kommunens");
    auto second = g.add_source("osm");
    AddressPoint a;
    a.street = "Ågatan";
    a.number = 3;
    a.point = {100, 100};
    a.source = first;
    g.add_address(a);
    a.point = {900, 900};  // the same address placed 1.1 km away by the second source
    a.source = second;
    g.add_address(a);
    Geocoder geocoder(g);
    auto r = geocoder.geocode("Ågatan 3");
    EXPECT_EQ(r.type, MatchType::exact) << r.reason;
    EXPECT_EQ(r.source, "kommunens");
    EXPECT_DOUBLE_EQ(r.point.x, 100);
}
