// SPDX-License-Identifier: MIT
// The report input: one document per report (the whole area, or each unit of a level), from
// the publication's published tables and manifest only (docs/report-input.md).
#include "published_table.hpp"
#include "report_parts.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/versions.hpp>
#include <trygg/report/report_input.hpp>

#include <cctype>
#include <map>

namespace trygg::report {

namespace {

// Distinct values in order of first appearance.
template <typename Get> std::vector<std::string> distinct(const std::vector<CountRow>& rows, Get get)
{
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& r : rows)
        if (seen.insert(get(r)).second)
            out.push_back(get(r));
    return out;
}

std::string level_table_name(const std::string& level)
{
    std::string out = "incident_counts_";
    for (unsigned char ch : level)
        out += std::isalnum(ch) ? static_cast<char>(std::tolower(ch)) : '_';
    return out;
}

struct Unit {
    std::string kod, namn;
    std::set<std::string> districts;
};

// The units of level `per` in the level table's order, each with the finest districts it holds
// (the published nesting).
std::vector<Unit> level_units(const pipeline::Publication& publication, const std::string& per,
                              const std::vector<CountRow>& level_rows)
{
    const auto* nest = published_table(publication, "nivaindelning");
    if (!nest)
        throw core::PipelineError("\"per\": the publication has no 'nivaindelning' table (an aggregate with \"levels\")");
    std::map<std::string, std::set<std::string>> held;
    const Col kod(nest, "kod"), niva(nest, "niva"), parent(nest, "overordnad_kod");
    for (std::size_t r = 0; r < nest->row_count(); ++r)
        if (niva.text(r) == std::optional<std::string>(per))
            held[parent.text(r).value_or("")].insert(kod.text(r).value_or(""));
    std::vector<Unit> units;
    std::set<std::string> seen;
    for (const auto& r : level_rows)
        if (r.kod != "totalt" && seen.insert(r.kod).second)
            units.push_back({r.kod, r.namn, held[r.kod]});
    return units;
}

nlohmann::json opt_text(const std::optional<std::string>& s)
{
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<ReportDocument> build_report_inputs(const pipeline::Publication& publication, const ReportRequest& request)
{
    const auto manifest = published_manifest(publication);
    const auto* counts = published_table(publication, "incident_counts");
    if (!counts)
        throw core::DataError("the publication has no 'incident_counts' table (an aggregate among write.gpkg's inputs)");
    const auto rows = read_count_rows(*counts);
    const auto periods = read_periods(publication, manifest);

    std::vector<CountRow> level_rows;
    std::vector<Unit> units;
    if (!request.per.empty()) {
        const auto* level = published_table(publication, level_table_name(request.per));
        if (!level)
            throw core::PipelineError("\"per\": the publication has no level '" + request.per + "' (table '" +
                                      level_table_name(request.per) + "'; name a tag of the aggregate's \"levels\")");
        level_rows = read_count_rows(*level);
        units = level_units(publication, request.per, level_rows);
    } else {
        Unit all;
        for (const auto& r : rows)
            if (r.kod != "totalt")
                all.districts.insert(r.kod);
        units.push_back(std::move(all));
    }

    // Shared by every document.
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : distinct(rows, [](const CountRow& r) { return r.grupp; })) {
        const bool in_source = std::any_of(rows.begin(), rows.end(), [&](const CountRow& r) {
            return r.grupp == g && r.saknas != std::optional<std::string>("ej i källan");
        });
        groups.push_back({{"id", g}, {"in_source", in_source}});
    }
    const auto sexes = distinct(rows, [](const CountRow& r) { return r.kon; });
    const auto ages = distinct(rows, [](const CountRow& r) { return r.alder; });
    const auto v = core::versions();
    nlohmann::json disclosure = manifest.contains("disclosure") ? manifest["disclosure"] : nlohmann::json(nullptr);
    const int suppress_below = disclosure.is_object() && disclosure.contains("suppress_below") &&
                                       disclosure["suppress_below"].is_number_integer()
                                   ? disclosure["suppress_below"].get<int>()
                                   : publication.suppress_below();
    std::string privacy = "publish";
    if (manifest.contains("settings") && manifest["settings"].contains("privacy"))
        privacy = manifest["settings"]["privacy"].get<std::string>();
    const auto method = build_method(publication, manifest);

    // District order: the district layer's.
    std::vector<ReportDocument> out;
    for (const auto& unit : units) {
        const bool whole = request.per.empty();
        auto geometry = build_districts(publication, unit.districts);
        std::vector<std::string> order;
        for (const auto& f : geometry.districts["features"])
            order.push_back(f["kod"].get<std::string>());

        std::vector<const CountRow*> totals, district;
        nlohmann::json totals_json = nlohmann::json::array(), district_json = nlohmann::json::array();
        const auto& total_source = whole ? rows : level_rows;
        const std::string total_code = whole ? "totalt" : unit.kod;
        for (const auto& r : total_source)
            if (r.kod == total_code) {
                totals.push_back(&r);
                totals_json.push_back(count_json(r, false));
            }
        auto wanted_period = [&](const std::string& p) {
            return p == periods.latest || p == periods.previous || p == periods.year_before;
        };
        for (const auto& r : rows)
            if (r.kod != "totalt" && unit.districts.count(r.kod)) {
                district.push_back(&r);
                if (wanted_period(r.period))
                    district_json.push_back(count_json(r, true));
            }

        nlohmann::json doc;
        doc["format"] = "trygg-report-input";
        doc["version"] = 1;
        doc["language"] = request.language;
        doc["title"] = opt_text(request.title);
        doc["area"] = {{"name", whole ? request.area_name : (unit.namn.empty() ? unit.kod : unit.namn)},
                       {"level", whole ? nlohmann::json(nullptr) : nlohmann::json(request.per)},
                       {"kod", whole ? nlohmann::json(nullptr) : nlohmann::json(unit.kod)},
                       {"parent", whole ? nlohmann::json(nullptr) : nlohmann::json(request.area_name)}};
        doc["generated"] = {{"trygg", v.trygg},
                            {"pipeline", nullptr},
                            {"source_date_epoch", request.source_date_epoch ? nlohmann::json(*request.source_date_epoch)
                                                                            : nlohmann::json(nullptr)}};
        doc["privacy"] = privacy;
        doc["suppress_below"] = suppress_below;
        doc["disclosure"] = disclosure;
        doc["periods"] = periods.json;
        doc["groups"] = groups;
        doc["sexes"] = sexes;
        doc["age_bands"] = ages;
        doc["totals"] = std::move(totals_json);
        doc["districts"] = std::move(geometry.districts);
        doc["context_districts"] = std::move(geometry.context);
        doc["district_counts"] = std::move(district_json);
        // Changes: the unit's totals under kod "totalt".
        std::vector<CountRow> renamed;
        renamed.reserve(totals.size());
        for (const auto* r : totals) {
            renamed.push_back(*r);
            renamed.back().kod = "totalt";
        }
        std::vector<const CountRow*> total_ptrs;
        for (const auto& r : renamed)
            total_ptrs.push_back(&r);
        doc["changes"] = build_changes(total_ptrs, district, order, periods);
        doc["hotspots"] = build_hotspots(publication, manifest, unit.districts, geometry.polygons, whole);
        doc["trygghetsanalys"] = build_trygghetsanalys(publication, unit.districts);
        doc["meeting_places"] = build_meeting_places(publication, manifest, unit.districts);
        doc["data_quality"] = build_data_quality(publication, manifest, rows, unit.districts);
        doc["method"] = method;
        out.push_back({whole ? std::string() : unit.kod, std::move(doc)});
    }
    return out;
}

}  // namespace trygg::report
