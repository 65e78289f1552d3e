// SPDX-License-Identifier: MIT
// Issue 16: intersections written in prose ("i korsningen X och Y", "X/Y", "hörnet X & Y") are
// the streets' meeting point in free-text mode; before, the two street names conflicted and
// the event was `ambiguous`.
#include <trygg/geocode/geocoder.hpp>

#include <gtest/gtest.h>

using namespace trygg::geocode;

namespace {

// Vasagatan runs north along x = 1000 (y = 0..400); Kopparbergsvägen runs east along y = 200
// (x = 600..1400), its point nearest Vasagatan at (980, 200); Vasagatan's at (1000, 200).
// Hamngatan lies 3 km away and meets neither.
Gazetteer make_gazetteer()
{
    Gazetteer g;
    auto src = g.add_source("adresser");
    auto add = [&](const char* street, int n, double x, double y) {
        AddressPoint a;
        a.street = street;
        a.number = n;
        a.point = {x, y};
        a.town = "Västerås";
        a.source = src;
        g.add_address(a);
    };
    for (int n = 0; n <= 8; ++n)
        add("Vasagatan", n + 1, 1000, n * 50.0);
    for (int n = 0; n <= 8; ++n)
        add("Kopparbergsvägen", n + 1, 580 + n * 100.0, 200);
    for (int n = 0; n <= 4; ++n)
        add("Hamngatan", n + 1, 4000 + n * 50.0, 3000);
    g.build();
    return g;
}

}  // namespace

TEST(GeocodeProseIntersection, TwoStreetsJoinedInProseAreTheirMeetingPoint)
{
    auto g = make_gazetteer();
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    // Closest pair: Vasagatan 5 (1000, 200) and Kopparbergsvägen 5 (980, 200): midpoint (990, 200).
    for (const char* t : {"Trafikolycka i korsningen Vasagatan och Kopparbergsvägen i Västerås.",
                          "Bråk vid Vasagatan/Kopparbergsvägen under natten.",
                          "En man rånades på hörnet Kopparbergsvägen & Vasagatan.",
                          "Olycka i korsningen Vasagatan Kopparbergsvägen.",
                          "Polisen larmades till Vasagatan och Kopparbergsvägen vid 22-tiden."}) {
        auto r = prose.geocode(t);
        EXPECT_EQ(to_string(r.type), "intersection") << t << ": " << r.reason;
        EXPECT_NEAR(r.point.x, 990, 1e-9) << t;
        EXPECT_NEAR(r.point.y, 200, 1e-9) << t;
    }
}

TEST(GeocodeProseIntersection, StreetsThatDoNotMeetAreNotAnIntersection)
{
    auto g = make_gazetteer();
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    auto r = prose.geocode("Bråk i korsningen Vasagatan och Hamngatan.");
    EXPECT_NE(r.type, MatchType::intersection) << r.matched;
    // Two unrelated streets 3 km apart: not placed on either.
    EXPECT_FALSE(has_point(r.type)) << to_string(r.type) << " " << r.matched;
    // Named one after the other but not as a crossing: no intersection either.
    auto s = prose.geocode("Först Vasagatan, sedan vidare till Kopparbergsvägen.");
    EXPECT_NE(s.type, MatchType::intersection);
}
