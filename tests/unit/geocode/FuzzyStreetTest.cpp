// SPDX-License-Identifier: MIT
// Issue 16: a street name within the edit bound of a gazetteer street is `street_fuzzy`, below
// `street`, never accepted at the default min_match, and its uncertainty covers the distance to
// wherever in the gazetteer's area the intended street may lie. The planted case is the one
// reported on Västerås: "Släggargatan 3B", missing from the gazetteer, snapped to
// "Sångargatan 3B" 2.5 km away and came out `exact` with a few metres of uncertainty.
#include <trygg/geocode/geocoder.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg::geocode;

namespace {

// Sångargatan near the origin; the true Släggargatan 3B would be at (2500, 0), and the
// gazetteer has neighbouring streets there (Hammargatan), but not Släggargatan itself.
Gazetteer make_gazetteer()
{
    Gazetteer g;
    auto src = g.add_source("adresser");
    auto add = [&](const char* street, int n, const char* letter, double x, double y, const char* pc) {
        AddressPoint a;
        a.street = street;
        a.number = n;
        a.letter = letter;
        a.point = {x, y};
        a.postcode = pc;
        a.town = "Västerås";
        a.source = src;
        g.add_address(a);
    };
    for (int n = 1; n <= 5; ++n)
        add("Sångargatan", n, "", 0, n * 10.0, "72341");
    add("Sångargatan", 3, "B", 5, 30, "72341");
    for (int n = 1; n <= 5; ++n)
        add("Hammargatan", n, "", 2500 + n * 10.0, 60, "72133");
    add("Norra Ringvägen", 4, "", -3000, 3000, "72130");
    add("Ringvägen", 4, "", 4000, -4000, "72131");
    add("Ringvägen", 6, "", 4000, -4020, "72131");
    NamedPlace malmaberg;
    malmaberg.name = "Malmaberg";
    malmaberg.point = {6000, 6000};
    malmaberg.radius_m = 600;
    malmaberg.kind = PlaceKind::district;
    malmaberg.source = g.add_source("omraden");
    g.add_place(malmaberg);
    g.build();
    return g;
}

double distance(double ax, double ay, double bx, double by) { return std::hypot(ax - bx, ay - by); }

}  // namespace

TEST(GeocodeFuzzyStreet, AStreetMissingFromTheGazetteerIsNotAnExactHit)
{
    auto g = make_gazetteer();
    Geocoder geocoder(g);
    auto r = geocoder.geocode("Släggargatan 3B");
    ASSERT_EQ(to_string(r.type), "street_fuzzy") << r.reason;
    EXPECT_TRUE(r.fuzzy);
    EXPECT_GT(r.type, MatchType::street);  // so the default min_match (street) refuses it
    EXPECT_NEAR(r.point.x, 5, 1e-9);
    EXPECT_NEAR(r.point.y, 30, 1e-9);
    // The truth (2500, 0) lies inside the gazetteer's area: the uncertainty must reach it.
    EXPECT_GE(r.uncertainty_m, distance(r.point.x, r.point.y, 2500, 0));
    EXPECT_LT(r.score, 0.5);
}

TEST(GeocodeFuzzyStreet, AWrittenPostcodeNarrowsTheUncertaintyToItsArea)
{
    auto g = make_gazetteer();
    Geocoder geocoder(g);
    // Postcode 72341 is Sångargatan's: the typo reading is confined to that postcode's area.
    auto r = geocoder.geocode("Sangargtan 2, 723 41 Västerås");
    ASSERT_EQ(to_string(r.type), "street_fuzzy") << r.reason;
    EXPECT_NEAR(r.point.y, 20, 1e-9);
    // Farthest address of 72341 from (0, 20) is Sångargatan 5 at (0, 50): 30 m; the bound
    // (distance to centroid + radius) is at least that and well below the whole area's 7 km.
    EXPECT_GE(r.uncertainty_m, 30.0);
    EXPECT_LT(r.uncertainty_m, 100.0);
    // A written postcode of another area: the reach covers that area too.
    auto s = geocoder.geocode("Sångargtan 2, 721 33 Västerås");
    ASSERT_EQ(to_string(s.type), "street_fuzzy") << s.reason;
    EXPECT_GE(s.uncertainty_m, distance(0, 20, 2550, 60));
}

TEST(GeocodeFuzzyStreet, ExactStreetsStayExact)
{
    auto g = make_gazetteer();
    Geocoder geocoder(g);
    auto r = geocoder.geocode("Sångargatan 3B");
    EXPECT_EQ(r.type, MatchType::exact);
    EXPECT_FALSE(r.fuzzy);
    EXPECT_LE(r.uncertainty_m, 10.0);
}

TEST(GeocodeDirectionalPrefix, NorraXIsNotX)
{
    auto g = make_gazetteer();
    Geocoder geocoder(g);
    auto norra = geocoder.geocode("Norra Ringvägen 4");
    EXPECT_EQ(norra.type, MatchType::exact) << norra.reason;
    EXPECT_NEAR(norra.point.x, -3000, 1e-9);
    auto plain = geocoder.geocode("Ringvägen 4");
    EXPECT_EQ(plain.type, MatchType::exact) << plain.reason;
    EXPECT_NEAR(plain.point.x, 4000, 1e-9);
    // "Södra Ringvägen" is in neither: not Ringvägen, and not Norra Ringvägen as an exact hit.
    for (const char* t : {"Södra Ringvägen 4", "S:a Ringvägen 4", "Östra Ringvägen 4", "Västra Ringvägen 6"}) {
        auto r = geocoder.geocode(t);
        EXPECT_FALSE(r.type <= MatchType::street && std::abs(r.point.x - 4000) < 1) << t << ": " << to_string(r.type);
        EXPECT_FALSE(r.type <= MatchType::street && std::abs(r.point.x + 3000) < 1) << t << ": " << to_string(r.type);
    }
}

TEST(GeocodeDirectionalPrefix, KeptInProse)
{
    auto g = make_gazetteer();
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    auto norra = prose.geocode("Bråk på Norra Ringvägen under natten.");
    EXPECT_EQ(norra.type, MatchType::street) << norra.reason;
    EXPECT_NEAR(norra.point.x, -3000, 1e-9);
    // A directional word the gazetteer does not have with this street: not plain Ringvägen.
    auto sodra = prose.geocode("Bråk på Södra Ringvägen under natten.");
    EXPECT_FALSE(has_point(sodra.type) && std::abs(sodra.point.x - 4000) < 1)
        << to_string(sodra.type) << " " << sodra.matched;
    // An area name after a direction is a part of that area: still the area (Polisen writes
    // "Östra Malmaberg", "Östra Skiljebo").
    auto ostra = prose.geocode("Larm i området Östra Malmaberg i natt.");
    EXPECT_EQ(ostra.type, MatchType::district) << ostra.reason;
}
