// SPDX-License-Identifier: MIT
// Free-text place matching (issue 16) on planted gazetteers whose answers follow by hand:
// district hits inside their polygon with its code and reach, containment against the polygon,
// place identity, nesting, ambiguity with every candidate, Swedish word forms, typos, aliases.
#include <trygg/geocode/alias_catalogue.hpp>
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocoder.hpp>
#include <trygg/spatial/point_on_surface.hpp>
#include <trygg/spatial/polygon_contains.hpp>

#include "shared_data.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace trygg::geocode;
using trygg::core::MultiPolygon;
using trygg::core::Point;

namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1)
{
    return {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

// A U open to the north: two 1000 m arms joined by a 200 m base along y 0..200, x 0..3000.
// Its centroid ((1500, ~420) by hand) lies in the gap between the arms, outside the U.
MultiPolygon u_shape()
{
    return {{{{0, 0}, {3000, 0}, {3000, 1000}, {2800, 1000}, {2800, 200}, {200, 200}, {200, 1000}, {0, 1000}, {0, 0}},
             {}}};
}

struct Town {
    Gazetteer g;
    std::uint32_t places = 0;
    Town()
    {
        places = g.add_source("places");
        auto addresses = g.add_source("addresses");
        auto street = [&](const char* name, double x, double y, const char* town) {
            for (int n = 1; n <= 3; ++n) {
                AddressPoint a;
                a.street = name;
                a.number = n;
                a.point = {x + n * 10.0, y};
                a.town = town;
                a.source = addresses;
                g.add_address(a);
            }
        };
        street("Storgatan", 50000, 50500, "Skultuna");   // inside the Skultuna district below
        street("Storgatan", 10000, 10000, "Västerås");   // 57 km away
        // Districts as polygons, with codes.
        district("Bågen", u_shape(), "1980C0001");
        district("Skultuna", rect(49000, 49000, 52000, 52000), "1980C0002");
        // A long thin district: 10 km x 200 m (equal-area circle radius 798 m).
        district("Strandremsan", rect(20000, 0, 30000, 200), "1980C0003");
        district("Skiljebo-Södra Brandthovda-Hälla", rect(60000, 0, 61000, 1000), "1980C0004");
        place("Fyren", 28000, 100);   // on the strip, 4 km from its middle
        place("Båthuset", 25000, 500);  // 300 m off the strip, within its equal-area circle
        // A bus stop's two stop positions, 110 m apart: one place.
        place("Smalbäcksgatan", 5000, 5000);
        place("Smalbäcksgatan", 5110, 5000);
        // The same name 2 km apart: two places.
        place("Kyrkbacken", 7000, 7000);
        place("Kyrkbacken", 9000, 7000);
        // A school's two buildings 450 m apart: one place.
        place("Ekbergaskolan", 12000, 12000);
        place("Ekbergaskolan", 12450, 12000);
        place("Stora torget", 1500, 5000);
        place("Vasaparken", 1800, 5400);
        place("Ängsgärdet", 3000, 9000);
        place("Rocklunda IP", 4000, 12000);
        place("Vetterstorpsgården", 40000, 40000);
        place("Råby", 45000, 45000);
        place("Sjukhuset Västerås", 42000, 42000);
        place("Malmaberg", 30000, 30000);
        place("Malmabergs förskola", 30416, 30000);
    }
    void place(const char* name, double x, double y)
    {
        NamedPlace p;
        p.name = name;
        p.point = {x, y};
        p.source = places;
        g.add_place(p);
    }
    void district(const char* name, MultiPolygon area, const char* code)
    {
        NamedPlace p;
        p.name = name;
        p.kind = PlaceKind::district;
        p.area = std::move(area);
        p.point = trygg::spatial::point_on_surface(p.area);
        p.radius_m = trygg::spatial::farthest_vertex_distance(p.area, p.point);
        p.code = code;
        p.source = places;
        g.add_place(p);
    }
};

GeocodeResult prose(Gazetteer& g, const std::string& text)
{
    GeocoderOptions o;
    o.free_text = true;
    Geocoder geocoder(g, o);
    return geocoder.geocode(text);
}

double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

TEST(PointOnSurface, LiesInsideABentPolygonWhoseCentroidDoesNot)
{
    auto u = u_shape();
    // Centroid by hand: base 3000x200 (area 600000, centroid y 100) and two arms 200x800
    // (area 160000 each, centroid y 600): y = (600000*100 + 320000*600) / 920000 = 273.9,
    // x = 1500 by symmetry; the gap between the arms is x 200..2800 above y 200.
    const Point centroid{1500, (600000.0 * 100 + 320000.0 * 600) / 920000.0};
    EXPECT_FALSE(trygg::spatial::polygon_contains(u, centroid));
    auto p = trygg::spatial::point_on_surface(u);
    EXPECT_TRUE(trygg::spatial::polygon_contains(u, p)) << p.x << " " << p.y;
    EXPECT_TRUE(trygg::spatial::polygon_contains(u, {100, 900}));
    EXPECT_FALSE(trygg::spatial::polygon_contains(u, {1500, 900}));
    // The farthest vertex from (0, 0) is (3000, 1000).
    EXPECT_DOUBLE_EQ(trygg::spatial::farthest_vertex_distance(u, {0, 0}), std::hypot(3000.0, 1000.0));
}

TEST(ProseGeocode, DistrictHitIsInsideItsPolygonWithItsCodeAndReach)
{
    Town t;
    auto r = prose(t.g, "Bråk i området Bågen under natten.");
    ASSERT_EQ(r.type, MatchType::district) << r.reason;
    EXPECT_TRUE(trygg::spatial::polygon_contains(u_shape(), r.point));
    EXPECT_EQ(r.code, "1980C0001");
    // Uncertainty: the farthest vertex from the point, so the circle covers the whole U.
    double reach = trygg::spatial::farthest_vertex_distance(u_shape(), r.point);
    EXPECT_DOUBLE_EQ(r.uncertainty_m, reach);
    EXPECT_GE(r.uncertainty_m, dist(r.point, {3000, 1000}));
    EXPECT_GE(r.uncertainty_m, dist(r.point, {0, 1000}));
}

TEST(ProseGeocode, ContainmentIsTestedAgainstThePolygonNotACircle)
{
    Town t;
    // 4 km along the strip from its point, inside the polygon: the place, carrying the code.
    auto in = prose(t.g, "Larm från Fyren på Strandremsan.");
    ASSERT_EQ(in.type, MatchType::place) << in.reason;
    EXPECT_EQ(in.matched, "Fyren");
    EXPECT_EQ(in.code, "1980C0003");
    // 300 m off the strip (inside the 798 m equal-area circle, outside the polygon): a conflict.
    auto out = prose(t.g, "Larm från Båthuset på Strandremsan.");
    EXPECT_EQ(out.type, MatchType::ambiguous) << out.matched;
}

TEST(ProseGeocode, SameNamePointsCloseTogetherAreOnePlaceWithAnExtent)
{
    Town t;
    auto stop = prose(t.g, "Bråk vid busshållplatsen Smalbäcksgatan.");
    ASSERT_EQ(stop.type, MatchType::place) << stop.reason;
    EXPECT_NEAR(stop.point.x, 5055, 1e-9);
    EXPECT_GE(stop.uncertainty_m, 55.0);  // covers both stop positions
    auto school = prose(t.g, "Skadegörelse på Ekbergaskolan.");
    ASSERT_EQ(school.type, MatchType::place) << school.reason;
    EXPECT_NEAR(school.point.x, 12225, 1e-9);
    EXPECT_GE(school.uncertainty_m, 225.0);
    // The same name 2 km apart stays two places.
    EXPECT_EQ(prose(t.g, "Brand vid Kyrkbacken.").type, MatchType::ambiguous);
}

TEST(ProseGeocode, AStreetInANamedAreaNarrowsInsteadOfConflicting)
{
    Town t;
    auto r = prose(t.g, "Inbrott på Storgatan i Skultuna under natten.");
    ASSERT_EQ(r.type, MatchType::street) << r.reason;
    EXPECT_NEAR(r.point.y, 50500, 1e-9);
    EXPECT_EQ(r.code, "1980C0002");
    // Without the area both Storgatan are candidates, 57 km apart.
    EXPECT_EQ(prose(t.g, "Inbrott på Storgatan under natten.").type, MatchType::ambiguous);
}

TEST(ProseGeocode, SeveralUnrelatedPlacesAreAmbiguousWithEveryCandidateListed)
{
    Town t;
    auto r = prose(t.g, "Först bråk på Stora torget, sedan vid Rocklunda IP och till sist i Råby.");
    ASSERT_EQ(r.type, MatchType::ambiguous);
    ASSERT_EQ(r.candidates.size(), 3u) << r.reason;
    EXPECT_NE(std::find(r.candidates.begin(), r.candidates.end(), "Stora torget"), r.candidates.end());
    EXPECT_NE(std::find(r.candidates.begin(), r.candidates.end(), "Rocklunda IP"), r.candidates.end());
    EXPECT_NE(std::find(r.candidates.begin(), r.candidates.end(), "Råby"), r.candidates.end());
    // Two places 500 m apart with different names are unrelated too (more than 100 m).
    EXPECT_EQ(prose(t.g, "Från Stora torget till Vasaparken.").type, MatchType::ambiguous);
}

TEST(ProseGeocode, SwedishWordFormsFindTheName)
{
    Town t;
    auto expect_place = [&](const std::string& text, const std::string& name) {
        auto r = prose(t.g, text);
        EXPECT_TRUE(r.type == MatchType::place || r.type == MatchType::district) << text << ": " << r.reason;
        EXPECT_EQ(r.matched, name) << text;
    };
    expect_place("Väskryckning på Stortorget.", "Stora torget");          // compound, definite
    expect_place("Stora torgets butiker utsattes.", "Stora torget");       // genitive
    expect_place("Bråk i Vasaparkens lekplats.", "Vasaparken");            // genitive of definite
    expect_place("Brand på Ängsgärde.", "Ängsgärdet");                     // indefinite of a definite name
    expect_place("Skadegörelse vid Råbyn.", "Råby");                       // definite -n
    expect_place("Ett fordon brann på Skultunas torg.", "Skultuna");       // genitive before a noun
    expect_place("Trafikolycka vid Hällamotet.", "Skiljebo-Södra Brandthovda-Hälla");  // compound head
    expect_place("Bråk vid Rocklunda efter matchen.", "Rocklunda IP");     // name inside a longer one
    expect_place("Ungdomar samlades på stora torget.", "Stora torget");    // lower case, several words
    // A single lower-case word is an ordinary noun: "råby" is not looked up.
    EXPECT_EQ(prose(t.g, "ingen plats i råby").type, MatchType::unmatched);
}

TEST(ProseGeocode, ASentenceEndIsNotAnAbbreviationAndAQualifierLessNameHasNoOtherForms)
{
    Town t;
    // "Malmaberg." is not "Malmabergatan"; and "Malmabergs" (derived from "Malmabergs
    // förskola") is not another form of "Malmaberg".
    auto r = prose(t.g, "Bilbrand på Malmaberg.");
    ASSERT_EQ(r.type, MatchType::place) << r.reason;
    EXPECT_EQ(r.matched, "Malmaberg");
    EXPECT_EQ(prose(t.g, "Bråk vid Malmabergs förskola.").matched, "Malmabergs förskola");
}

TEST(ProseGeocode, OneEditForLongNamesScoredLowerNoneForShortOnes)
{
    Town t;
    auto exact = prose(t.g, "Inbrott på Vetterstorpsgården.");
    auto typo = prose(t.g, "Inbrott på Vetterstropsgården.");  // transposition: one edit
    ASSERT_EQ(typo.type, MatchType::place) << typo.reason;
    EXPECT_EQ(typo.matched, "Vetterstorpsgården");
    EXPECT_TRUE(typo.fuzzy);
    EXPECT_LT(typo.score, exact.score);
    EXPECT_EQ(prose(t.g, "Inbrott på Vettrstropsgården.").type, MatchType::unmatched);  // two edits
    EXPECT_EQ(prose(t.g, "Inbrott i Råbi.").type, MatchType::unmatched);               // short: none
}

TEST(ProseGeocode, AliasesStandForTheirEntryUnlessTheTextMovesThere)
{
    Town t;
    auto dir = std::filesystem::temp_directory_path() / ("trygg-alias-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream f(dir / "alias_test.csv");
        f << "kommun,alias,target,x,y,crs,not_after,source,note\n"
             "1980,sjukhuset,Sjukhuset Västerås,,,,till|från,,\n"
             "1980,tingsrätten,,43000,43500,EPSG:3006,,planted test point,\n"
             "1980,biblioteket,Huvudbiblioteket,,,,,,\n";
    }
    auto rep = load_aliases(t.g, dir / "alias_test.csv", "EPSG:3006");
    EXPECT_EQ(rep.aliases, 2u);
    EXPECT_EQ(rep.places, 1u);
    auto r = prose(t.g, "Hot mot personal på sjukhuset under kvällen.");
    ASSERT_EQ(r.type, MatchType::place) << r.reason;
    EXPECT_EQ(r.matched, "Sjukhuset Västerås");
    EXPECT_EQ(prose(t.g, "Mannen fördes till sjukhuset med lindriga skador.").type, MatchType::unmatched);
    auto court = prose(t.g, "Bråk utanför tingsrätten.");
    ASSERT_EQ(court.type, MatchType::place) << court.reason;
    EXPECT_NEAR(court.point.x, 43000, 1e-6);
    EXPECT_NEAR(court.point.y, 43500, 1e-6);
    ASSERT_EQ(t.g.unresolved_aliases().size(), 1u);
    EXPECT_NE(t.g.unresolved_aliases()[0].find("Huvudbiblioteket"), std::string::npos);
    // A catalogue row with neither target nor coordinates names its line.
    {
        std::ofstream f(dir / "bad.csv");
        f << "alias,target,x,y,crs\nstadshuset,,,,\n";
    }
    try {
        Gazetteer g;
        load_aliases(g, dir / "bad.csv", "EPSG:3006");
        FAIL() << "bad catalogue accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

// Real RegSO polygons (Västerås), checked with OGR independently of the geocoder: every
// district's point lies inside its own polygon, its reach covers every vertex, and it carries
// its code. "Östra hamnen-Öster Mälarstrand" is bent: its centroid lies outside it.
TEST(ProseGeocodeVasteras, RegsoPointsLieInsideTheirPolygonsWithTheirCodes)
{
    TRYGG_SHARED_DATA_OR_SKIP(path, "vasteras/regso_2018.geojson");
    Gazetteer g;
    GazetteerSpec spec;
    spec.path = path;
    spec.kind = SourceKind::district;
    spec.name = "regso";
    spec.cache = false;
    load_gazetteer(g, spec, "EPSG:4326");  // the layer's own CRS: OGR compares in it too
    ASSERT_EQ(g.places().size(), 50u);

    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_TRUE(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGR_L_ResetReading(layer);
    std::size_t checked = 0, centroid_outside = 0;
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        const std::string name = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "regso"));
        const std::string code = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "regsokod"));
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        const NamedPlace* p = nullptr;
        for (const auto& q : g.places())
            if (q.feature == OGR_F_GetFID(f))
                p = &q;
        ASSERT_TRUE(p) << name;
        EXPECT_EQ(p->name, name);
        EXPECT_EQ(p->code, code);
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, p->point.x, p->point.y);
        EXPECT_TRUE(OGR_G_Contains(geom, pt)) << name;
        OGRGeometryH c = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_Centroid(geom, c);
        centroid_outside += !OGR_G_Contains(geom, c);
        // The reach covers the envelope's corners that are vertices at least: every vertex.
        OGREnvelope env;
        OGR_G_GetEnvelope(geom, &env);
        EXPECT_GE(p->radius_m + 1e-9, std::max(std::abs(env.MaxX - p->point.x), std::abs(env.MinX - p->point.x))) << name;
        OGR_G_DestroyGeometry(pt);
        OGR_G_DestroyGeometry(c);
        OGR_F_Destroy(f);
        ++checked;
    }
    GDALClose(ds);
    EXPECT_EQ(checked, 50u);
    EXPECT_GE(centroid_outside, 1u);  // the case the issue names exists in the real data
    // Named in prose, the bent district is placed inside itself.
    auto r = prose(g, "Brand i en båt vid Östra hamnen under natten.");
    ASSERT_EQ(r.type, MatchType::district) << r.reason;
    EXPECT_EQ(r.matched, "Östra hamnen-Öster Mälarstrand");
    EXPECT_FALSE(r.code.empty());
}
