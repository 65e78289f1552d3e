// SPDX-License-Identifier: MIT
// Issue 16: roads and interchanges. Planted roads with hand-computed answers, then the reader on
// Exempelstad's synthetic road layer (geodata/exempelstad/vagar.gpkg; real roads are not
// available offline).
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocoder.hpp>
#include <trygg/geocode/roads.hpp>

#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace trygg;
using namespace trygg::geocode;

namespace {

// E 18 runs east along y = 0 from x = 0 to 10 000; riksväg 56 north along x = 5000 from
// y = -5000 to 5000; "Korsmotet" is a named node at their crossing. Byn is a place at
// (3000, 800); Dalby at (7000, 3000).
Gazetteer make_gazetteer()
{
    Gazetteer g;
    auto places = g.add_source("platser");
    auto place = [&](const char* name, double x, double y) {
        NamedPlace p;
        p.name = name;
        p.point = {x, y};
        p.source = places;
        g.add_place(p);
    };
    place("Byn", 3000, 800);
    place("Dalby", 7000, 3000);
    auto roads = g.add_source("vagar");
    auto road = [&](const char* ref, const char* name, std::vector<core::Point> pts) {
        Road r;
        r.ref = ref;
        r.name = name;
        r.parts = {std::move(pts)};
        r.source = roads;
        g.add_road(r);
    };
    road("E 18", "", {{0, 0}, {10000, 0}});
    road("56", "", {{5000, -5000}, {5000, 5000}});
    road("", "Korsmotet", {{5000, 0}});
    g.build();
    return g;
}

}  // namespace

TEST(GeocodeRoads, RoadNumbersAreKeyedAsTextsWriteThem)
{
    EXPECT_EQ(road_ref_key("E 18"), "e18");
    EXPECT_EQ(road_ref_key("E18"), "e18");
    EXPECT_EQ(road_ref_key("56"), "56");
    EXPECT_EQ(road_ref_key("U 252"), "252");
}

TEST(GeocodeRoads, InHeightOfAPlaceIsTheNearestRoadPoint)
{
    auto g = make_gazetteer();
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    for (const char* t : {"Trafikolycka på E18 i höjd med Byn.", "Olycka på E 18 vid Byn under morgonen."}) {
        auto r = prose.geocode(t);
        ASSERT_EQ(to_string(r.type), "road") << t << ": " << r.reason;
        EXPECT_NEAR(r.point.x, 3000, 1e-6) << t;
        EXPECT_NEAR(r.point.y, 0, 1e-6) << t;
        // Road points within 800 + 500 m of Byn: |x - 3000| <= sqrt(1300^2 - 800^2) = 1024.7,
        // sampled every 25 m: 1000 m either side fits.
        EXPECT_NEAR(r.uncertainty_m, 1000, 25) << t;
    }
}

TEST(GeocodeRoads, ADirectionKeepsToThatSideOfThePlace)
{
    auto g = make_gazetteer();
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    // South of Dalby (7000, 3000) within 67.5° of due south: rv 56 (x = 5000) from
    // y <= 3000 - 2000 / tan(67.5°) = 2171.6 down; the nearest such point is y = 2171.6
    // (sampled every 25 m: 2150). Without the direction it would be (5000, 3000).
    auto r = prose.geocode("Singelolycka på riksväg 56 strax söder om Dalby.");
    ASSERT_EQ(to_string(r.type), "road") << r.reason;
    EXPECT_NEAR(r.point.x, 5000, 1e-6);
    EXPECT_NEAR(r.point.y, 2160, 25);
    for (const char* t : {"rv 56 norr om Dalby", "Rv. 56 norr om Dalby"}) {
        auto n = prose.geocode(t);
        ASSERT_EQ(to_string(n.type), "road") << t << ": " << n.reason;
        EXPECT_NEAR(n.point.y, 3830, 25) << t;  // 3000 + 828.4
    }
}

TEST(GeocodeRoads, ARoadWithoutALocatorIsNotPlaced)
{
    auto g = make_gazetteer();
    Geocoder structured(g);
    for (const char* t : {"E18", "riksväg 56", "Rv 56"}) {
        auto r = structured.geocode(t);
        EXPECT_EQ(r.type, MatchType::unmatched) << t;
        EXPECT_NE(r.reason.find("road without a locator"), std::string::npos) << t << ": " << r.reason;
    }
    // A road number the layer does not have: the rest of the cascade decides.
    EXPECT_EQ(structured.geocode("väg 99").reason.find("road without"), std::string::npos);
}

TEST(GeocodeRoads, Interchanges)
{
    auto g = make_gazetteer();
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    // A named node of the road layer.
    auto k = prose.geocode("Trafikolycka vid Korsmotet i morse.");
    ASSERT_EQ(to_string(k.type), "road") << k.reason;
    EXPECT_NEAR(k.point.x, 5000, 1e-9);
    EXPECT_NEAR(k.point.y, 0, 1e-9);
    EXPECT_DOUBLE_EQ(k.uncertainty_m, 150.0);
    // Not in the layer: the road point nearest its namesake (Byn, genitive -s).
    auto b = prose.geocode("Olycka vid Bynsmotet.");
    ASSERT_EQ(to_string(b.type), "road") << b.reason;
    EXPECT_NEAR(b.point.x, 3000, 1e-6);
    EXPECT_NEAR(b.point.y, 0, 1e-6);
    EXPECT_GE(b.uncertainty_m, 800.0);  // at least the distance from Byn to the road
}

TEST(GeocodeRoads, ExempelstadRoadLayer)
{
    auto dir = test::source_dir() / "geodata" / "exempelstad";
    if (!std::filesystem::exists(dir / "vagar.gpkg"))
        GTEST_SKIP() << "geodata/exempelstad/vagar.gpkg not present";
    Gazetteer g;
    GazetteerSpec districts;
    districts.path = dir / "exempelstad.gpkg";
    districts.layer = "delomraden";
    districts.kind = SourceKind::district;
    districts.name = "namn";
    districts.cache = false;
    load_gazetteer(g, districts, "EPSG:3006");
    RoadSpec lines;
    lines.path = dir / "vagar.gpkg";
    lines.layer = "vagar";
    EXPECT_EQ(load_roads(g, lines, "EPSG:3006").added, 4u);
    RoadSpec nodes;
    nodes.path = dir / "vagar.gpkg";
    nodes.layer = "trafikplatser";
    EXPECT_EQ(load_roads(g, nodes, "EPSG:3006").added, 1u);
    GeocoderOptions o;
    o.free_text = true;
    Geocoder prose(g, o);
    // generate_roads.py: Råbylundsmotet is rv 56's vertex (592986, 6611765).
    auto m = prose.geocode("Trafikolycka vid Råbylundsmotet, två bilar inblandade.");
    ASSERT_EQ(to_string(m.type), "road") << m.reason;
    EXPECT_NEAR(m.point.x, 592986, 1e-6);
    EXPECT_NEAR(m.point.y, 6611765, 1e-6);
    // E18 runs through (587627, 6612065) - (589615, 6611965); "i höjd med Ekbacken" is on it
    // at Ekbacken's x.
    const NamedPlace* ekbacken = nullptr;
    for (const auto& p : g.places())
        if (p.name == "Ekbacken")
            ekbacken = &p;
    ASSERT_NE(ekbacken, nullptr);
    auto e = prose.geocode("Trafikolycka på E18 i höjd med Ekbacken.");
    ASSERT_EQ(to_string(e.type), "road") << e.reason;
    const double t = (e.point.x - 587627) / (589615 - 587627);
    EXPECT_NEAR(e.point.y, 6612065 + t * (6611965 - 6612065), 1.0);
    EXPECT_NEAR(e.point.x, ekbacken->point.x, 60);
    EXPECT_LE(e.uncertainty_m, 5000);
    auto none = prose.geocode("Stillastående bil på E18.");
    EXPECT_EQ(none.type, MatchType::unmatched);
    EXPECT_NE(none.reason.find("road without a locator"), std::string::npos) << none.reason;
}
