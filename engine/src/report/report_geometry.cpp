// SPDX-License-Identifier: MIT
// District geometry for the report's maps: the published district layer, simplified for
// drawing only (2 m, topology preserved) and written as GeoJSON in the layer's CRS.
#include "published_table.hpp"
#include "report_parts.hpp"

#include <trygg/core/error.hpp>
#include <trygg/spatial/drawing_simplify.hpp>

#include <cmath>

namespace trygg::report {

namespace {
constexpr double drawing_tolerance_m = 2.0;
}

nlohmann::json geojson(const core::MultiPolygon& polygon, int decimals)
{
    const double f = std::pow(10.0, decimals);
    auto ring_json = [f](const core::Ring& ring) {
        nlohmann::json r = nlohmann::json::array();
        for (const auto& p : ring)
            r.push_back({std::round(p.x * f) / f, std::round(p.y * f) / f});
        return r;
    };
    nlohmann::json coords = nlohmann::json::array();
    for (const auto& poly : polygon) {
        nlohmann::json rings = nlohmann::json::array();
        rings.push_back(ring_json(poly.outer));
        for (const auto& h : poly.holes)
            rings.push_back(ring_json(h));
        coords.push_back(std::move(rings));
    }
    return {{"type", "MultiPolygon"}, {"coordinates", std::move(coords)}};
}

ReportDistricts build_districts(const pipeline::Publication& publication, const std::set<std::string>& inside)
{
    const auto* t = published_table(publication, "delomraden");
    if (!t || t->polygons.size() != t->row_count())
        throw core::DataError("the publication has no 'delomraden' district layer");
    const Col kod(t, "kod"), namn(t, "namn"), area(t, "area_km2"), befolkning(t, "befolkning");
    ReportDistricts out;
    nlohmann::json features = nlohmann::json::array();
    out.context = nlohmann::json::array();
    for (std::size_t r = 0; r < t->row_count(); ++r) {
        const auto code = kod.text(r).value_or("");
        auto geometry = geojson(spatial::simplify_for_drawing(t->polygons[r], drawing_tolerance_m), 1);
        if (inside.count(code)) {
            features.push_back({{"kod", code},
                                {"namn", namn.json(r)},
                                {"area_km2", area.json(r)},
                                {"befolkning", befolkning.json(r)},
                                {"geometry", std::move(geometry)}});
            out.polygons.push_back(t->polygons[r]);
        } else {
            out.context.push_back({{"kod", code}, {"geometry", std::move(geometry)}});
        }
    }
    out.districts = {{"table", "delomraden"}, {"crs", t->crs.empty() ? nlohmann::json(nullptr) : nlohmann::json(t->crs)},
                     {"features", std::move(features)}};
    return out;
}

}  // namespace trygg::report
