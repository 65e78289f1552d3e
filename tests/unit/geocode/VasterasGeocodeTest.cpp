// SPDX-License-Identifier: MIT
// Real data from Västerås (shared data, not in the repository): polling-station addresses
// against a gazetteer made from the same layer, and police event texts against the municipal
// meeting places and RegSO names. Expected places below were read off the texts by hand.
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/geocode/geocoder.hpp>

#include "shared_data.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

using namespace trygg::geocode;

namespace {

// RFC 4180 with quoted line breaks; returns rows of fields.
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                rows.back().back() += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\n') {
            rows.emplace_back(1);
        } else if (c != '\r') {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back()[0].empty())
        rows.pop_back();
    return rows;
}

}  // namespace

TEST(GeocodeVasteras, PollingStationAddressesMatchExactlyIncludingLetters)
{
    TRYGG_SHARED_DATA_OR_SKIP(path, "vasteras/polling_stations.geojson");
    Gazetteer g;
    GazetteerSpec spec;
    spec.path = path;
    spec.address = "Adress";
    spec.cache = false;
    load_gazetteer(g, spec, "EPSG:3010");  // the layer's own CRS: points come back unchanged
    Geocoder geocoder(g);

    // The addresses and points, read independently with OGR.
    GDALAllRegister();
    auto ds = GDALOpenEx(path.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_NE(ds, nullptr);
    auto layer = GDALDatasetGetLayer(ds, 0);
    std::multimap<std::string, std::pair<double, double>> points;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
        auto geom = OGR_F_GetGeometryRef(f);
        points.emplace(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "Adress")),
                       std::make_pair(OGR_G_GetX(geom, 0), OGR_G_GetY(geom, 0)));
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    ASSERT_EQ(points.size(), 90u);
    std::size_t with_letter = 0;
    for (const auto& [address, xy] : points) {
        auto r = geocoder.geocode(address);
        EXPECT_EQ(r.type, MatchType::exact) << address << ": " << r.reason;
        // At one of the features with this address (some buildings hold several stations).
        double best = INFINITY;
        auto [lo, hi] = points.equal_range(address);
        for (auto it = lo; it != hi; ++it)
            best = std::min(best, std::hypot(r.point.x - it->second.first, r.point.y - it->second.second));
        EXPECT_LT(best, 0.01) << address;
        char last = address.back();
        with_letter += last >= 'A' && last <= 'Z';
    }
    EXPECT_GE(with_letter, 10u);  // e.g. Odensviplatsen 2A, Prästkragegatan 3C, Välljärnsgatan 47B
}

TEST(GeocodeVasteras, PoliceEventTextsFindTheNamedPlaceOrNothing)
{
    TRYGG_SHARED_DATA_OR_SKIP(dir, "vasteras");
    Gazetteer g;
    GazetteerSpec places;
    places.path = dir / "places.geojson";
    places.kind = SourceKind::place;
    places.name = "NAME";
    places.cache = false;
    load_gazetteer(g, places, "EPSG:3010");
    GazetteerSpec regso;
    regso.path = dir / "regso_2018.geojson";
    regso.kind = SourceKind::district;
    regso.name = "regso";
    regso.cache = false;
    load_gazetteer(g, regso, "EPSG:3010");
    GeocoderOptions o;
    o.free_text = true;
    Geocoder geocoder(g, o);

    auto rows = read_csv(dir / "police_events_2023_2026.csv");
    ASSERT_GT(rows.size(), 1000u);
    const auto& header = rows[0];
    auto col = [&](const char* name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    auto c_id = col("id"), c_text = col("body_text");
    ASSERT_LT(c_text, header.size());

    // Read by hand: the place each text names ("" = names no place below the municipality).
    const std::map<std::string, std::string> expected = {
        {"410989", "Östermalm"},   // "en adress på Östermalm i Västerås"
        {"626306", "Herrgärdet"},  // "stoppade en bil på Herrgärdet"
        {"600746", "Skultuna"},    // "beordras till Skultuna i Västerås kommun"
        {"600095", "Sandgärdet"},  // "En boende på Sandgärdet"
        {"462183", "Bäckby"},      // "i sitt hem på Bäckby"
        {"600758", "Råby"},        // "i området Råby i Västerås"
        {"635240", ""},            // "utomhus i centrala Västerås"
        {"410992", ""},            // "ett hotell på en adress i centrala Västerås"
        {"534910", ""},            // "på E18 mellan Hallstahammar och Västerås"
        {"648440", ""},            // "vid resecentrum i Västerås"
    };
    std::size_t located = 0, seen = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() <= c_text)
            continue;
        auto res = geocoder.geocode(rows[r][c_text]);
        if (has_point(res.type)) {
            ++located;
            // Inside Västerås (EPSG:3010 extent of the municipality, with a margin).
            EXPECT_GT(res.point.x, 130000);
            EXPECT_LT(res.point.x, 180000);
            EXPECT_GT(res.point.y, 6585000);
            EXPECT_LT(res.point.y, 6640000);
        }
        auto it = expected.find(rows[r][c_id]);
        if (it == expected.end())
            continue;
        ++seen;
        if (it->second.empty()) {
            EXPECT_FALSE(has_point(res.type)) << it->first << " placed at " << res.matched;
        } else {
            EXPECT_TRUE(res.type == MatchType::place || res.type == MatchType::district) << it->first << ": " << res.reason;
            EXPECT_NE(res.matched.find(it->second), std::string::npos) << it->first << ": " << res.matched;
        }
    }
    EXPECT_EQ(seen, expected.size());
    std::printf("Västerås police events: %zu of %zu texts placed at a named place or district\n", located, rows.size() - 1);
    EXPECT_GT(located, 300u);
}

// Issue 16, leave-one-out: each polling-station address against a gazetteer of the other
// stations (its own address left out). Whatever is placed must have an uncertainty that covers
// its error: a fuzzy hit on a different street ("Släggargatan 3B" -> "Sångargatan 3B") was
// `exact` with 5 m before; now it is `street_fuzzy` with the reach of the area the text allows.
TEST(GeocodeVasteras, LeaveOneOutNoPlacedAddressHasAnUncertaintyBelowItsError)
{
    TRYGG_SHARED_DATA_OR_SKIP(path, "vasteras/polling_stations.geojson");
    Gazetteer all;
    GazetteerSpec spec;
    spec.path = path;
    spec.address = "Adress";
    spec.cache = false;
    load_gazetteer(all, spec, "EPSG:3010");
    ASSERT_EQ(all.addresses().size(), 90u);
    std::size_t fuzzy = 0, placed = 0;
    for (std::size_t i = 0; i < all.addresses().size(); ++i) {
        const auto& left = all.addresses()[i];
        Gazetteer g;
        auto src = g.add_source("others");
        for (const auto& a : all.addresses())
            if (!(a.street == left.street && a.number == left.number && a.letter == left.letter)) {
                auto copy = a;
                copy.source = src;
                g.add_address(copy);
            }
        Geocoder geocoder(g);
        const std::string text = left.street + " " + std::to_string(left.number) + left.letter;
        auto r = geocoder.geocode(text);
        if (!has_point(r.type))
            continue;
        ++placed;
        fuzzy += r.type == MatchType::street_fuzzy;
        const double error = std::hypot(r.point.x - left.point.x, r.point.y - left.point.y);
        EXPECT_GE(r.uncertainty_m, error) << text << " -> " << to_string(r.type) << " " << r.matched;
    }
    EXPECT_GT(placed, 0u);
    std::printf("leave-one-out: %zu of 90 placed, %zu street_fuzzy\n", placed, fuzzy);
}
