// SPDX-License-Identifier: MIT
#pragma once
// Private: the sections of the report input, each built from the published tables only.
#include <trygg/core/geometry.hpp>
#include <trygg/io/feature_table.hpp>
#include <trygg/pipeline/publication.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trygg::report {

// One row of a published count table (incident_counts or incident_counts_<level>).
struct CountRow {
    std::string kod, namn, period, grupp, kon, alder;
    std::optional<long long> antal;  // none: withheld or no value
    std::string visning;
    std::optional<double> befolkning, per_1000, forandring_pct;
    std::optional<std::string> saknas;
};
std::vector<CountRow> read_count_rows(const io::FeatureTable& table);
// A totals / district_counts row: the published values and the exact Poisson intervals of the
// count and rate; `with_district` adds kod, namn and forandring_pct.
nlohmann::json count_json(const CountRow& row, bool with_district);

struct ReportPeriods {
    nlohmann::json json;
    std::vector<std::string> all;
    std::optional<std::string> latest, previous, year_before;
};
ReportPeriods read_periods(const pipeline::Publication& publication, const nlohmann::json& manifest);

// Changes of the rate since `previous` and `year_before`: for the area's totals (kod "totalt")
// every group × kon × aldersgrupp, and for each district with kon = aldersgrupp = "alla".
nlohmann::json build_changes(const std::vector<const CountRow*>& totals, const std::vector<const CountRow*>& districts,
                             const std::vector<std::string>& district_order, const ReportPeriods& periods);

// The districts of the report (features with simplified geometry) and the others as context.
struct ReportDistricts {
    nlohmann::json districts;
    nlohmann::json context;
    std::vector<core::MultiPolygon> polygons;  // of the report's districts (unsimplified)
};
ReportDistricts build_districts(const pipeline::Publication& publication, const std::set<std::string>& inside);

nlohmann::json build_hotspots(const pipeline::Publication& publication, const nlohmann::json& manifest,
                              const std::set<std::string>& inside, const std::vector<core::MultiPolygon>& polygons,
                              bool whole_area);
nlohmann::json build_trygghetsanalys(const pipeline::Publication& publication, const std::set<std::string>& inside);
nlohmann::json build_meeting_places(const pipeline::Publication& publication, const nlohmann::json& manifest,
                                    const std::set<std::string>& inside);
nlohmann::json build_data_quality(const pipeline::Publication& publication, const nlohmann::json& manifest,
                                  const std::vector<CountRow>& district_rows, const std::set<std::string>& inside);
nlohmann::json build_method(const pipeline::Publication& publication, const nlohmann::json& manifest);

// GeoJSON geometry of a multipolygon, coordinates rounded to `decimals`.
nlohmann::json geojson(const core::MultiPolygon& polygon, int decimals);

}  // namespace trygg::report
