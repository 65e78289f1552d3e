// SPDX-License-Identifier: MIT
// Hotspots, trygghetsanalys and meeting places of the report input, from published tables.
#include "hotspot_variable.hpp"
#include "published_table.hpp"
#include "report_parts.hpp"

#include <trygg/spatial/district_index.hpp>

#include <map>

namespace trygg::report {

namespace {

nlohmann::json grid_hotspots(const pipeline::Publication& publication, const nlohmann::json& manifest,
                             const std::vector<core::MultiPolygon>& polygons, bool whole_area)
{
    const auto* t = published_table(publication, "hotspots_grid");
    if (!t || !manifest.contains("grid_hotspots") || !manifest["grid_hotspots"].is_object() ||
        manifest["grid_hotspots"].empty())
        return nullptr;
    const auto& section = manifest["grid_hotspots"].begin().value();
    nlohmann::json surfaces = nlohmann::json::array();
    for (const auto& s : section.value("surfaces", nlohmann::json::array()))
        surfaces.push_back({{"grupp", s.value("group", "")},
                            {"period", s.value("period", "")},
                            {"hot_cells_95", s.value("hot_cells_95", nlohmann::json(nullptr))},
                            {"cold_cells_95", s.value("cold_cells_95", nlohmann::json(nullptr))},
                            {"withheld_cells", s.value("withheld_cells", nlohmann::json(nullptr))}});
    // Batch reports: the cells whose centre lies in one of the unit's districts.
    std::optional<spatial::DistrictIndex> index;
    if (!whole_area)
        index.emplace(polygons);
    const Col grupp(t, "grupp"), period(t, "period"), bin(t, "gi_bin");
    nlohmann::json cells = nlohmann::json::array();
    for (std::size_t r = 0; r < t->row_count() && r < t->polygons.size(); ++r) {
        const auto b = bin.integer(r);
        if (!b || *b == 0)
            continue;
        if (index) {
            const auto box = core::bounds(t->polygons[r]);
            if (index->locate((box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2) < 0)
                continue;
        }
        cells.push_back({{"grupp", grupp.json(r)}, {"period", period.json(r)}, {"gi_bin", *b},
                         {"geometry", geojson(t->polygons[r], 1)}});
    }
    return {{"cell_size", section.value("cell_size", nlohmann::json(nullptr))},
            {"distance_m", section.value("distance_m", nlohmann::json(nullptr))},
            {"fdr", section.value("fdr", nlohmann::json(nullptr))},
            {"surfaces", std::move(surfaces)},
            {"cells", std::move(cells)}};
}

}  // namespace

nlohmann::json build_hotspots(const pipeline::Publication& publication, const nlohmann::json& manifest,
                              const std::set<std::string>& inside, const std::vector<core::MultiPolygon>& polygons,
                              bool whole_area)
{
    const auto* t = published_table(publication, "delomraden");
    const Col kod(t, "kod"), gz(t, "gistar_z"), gp(t, "gistar_p"), gbin(t, "gistar_bin"), lclass(t, "lisa_class"),
        llabel(t, "lisa_label"), lp(t, "lisa_p_sim");
    nlohmann::json gistar = nlohmann::json::array(), lisa = nlohmann::json::array();
    for (std::size_t r = 0; t && r < t->row_count(); ++r) {
        const auto code = kod.text(r).value_or("");
        if (!inside.count(code))
            continue;
        if (gbin)
            gistar.push_back({{"kod", code}, {"gistar_z", gz.json(r)}, {"gistar_p", gp.json(r)}, {"gistar_bin", gbin.json(r)}});
        if (lclass)
            lisa.push_back({{"kod", code}, {"lisa_class", lclass.json(r)}, {"lisa_label", llabel.json(r)},
                            {"lisa_p_sim", lp.json(r)}});
    }
    return {{"variable", hotspot_variable_id(manifest)},
            {"gistar", std::move(gistar)},
            {"lisa", std::move(lisa)},
            {"grid", grid_hotspots(publication, manifest, polygons, whole_area)}};
}

namespace {

// The rank interval of one ranking (columns <prefix>median/_p05/_p95 and the unstable flag), as
// <key>rang_median, <key>rang_p05, <key>rang_p95, <key>instabil; nothing when the run had no
// "uncertainty".
void add_rank_interval(const io::FeatureTable* t, const std::string& prefix, const std::string& unstable,
                       std::size_t r, const std::string& key, nlohmann::json& into)
{
    const Col median(t, prefix + "median");
    if (!median)
        return;
    into[key + "rang_median"] = median.json(r);
    into[key + "rang_p05"] = Col(t, prefix + "p05").json(r);
    into[key + "rang_p95"] = Col(t, prefix + "p95").json(r);
    into[key + "instabil"] = Col(t, unstable).json(r);
}

}  // namespace

nlohmann::json build_trygghetsanalys(const pipeline::Publication& publication, const std::set<std::string>& inside)
{
    const auto* t = published_table(publication, "trygghetsanalys");
    if (!t)
        return nullptr;
    // Goals: columns mal<N>_<name> with mal<N>_rang beside them, in column order.
    nlohmann::json goals = nlohmann::json::array();
    std::vector<std::pair<std::string, std::string>> goal_columns;  // (id, column)
    for (const auto& c : t->columns()) {
        const auto& n = c.name;
        const auto underscore = n.find('_');
        if (n.rfind("mal", 0) != 0 || underscore == std::string::npos || underscore <= 3)
            continue;
        const auto id = n.substr(0, underscore);
        const auto rest = n.substr(underscore + 1);
        // mal<N>_rang_median/_p05/_p95 and mal<N>_instabil (the "uncertainty" option) belong to
        // the goal, they are not goals.
        if (rest == "rang" || rest == "indikatorer" || rest == "i_katalogen" || rest == "instabil" ||
            rest.rfind("rang_", 0) == 0 || !t->find(id + "_rang"))
            continue;
        goal_columns.emplace_back(id, n);
        const Col in_catalogue(t, id + "_i_katalogen");
        goals.push_back({{"id", id}, {"column", n},
                         {"indicators_in_catalogue", t->row_count() ? in_catalogue.json(0) : nlohmann::json(nullptr)}});
    }
    const Col kod(t, "kod"), namn(t, "namn"), total(t, "risk_total"), total_rank(t, "risk_total_rang"),
        goal_count(t, "mal_antal"), in_analysis(t, "mal_i_analysen");
    nlohmann::json districts = nlohmann::json::array();
    for (std::size_t r = 0; r < t->row_count(); ++r) {
        const auto code = kod.text(r).value_or("");
        if (!inside.count(code))
            continue;
        nlohmann::json g = nlohmann::json::object();
        for (const auto& [id, column] : goal_columns) {
            g[id] = {{"risk", Col(t, column).json(r)}, {"rang", Col(t, id + "_rang").json(r)},
                     {"indikatorer", Col(t, id + "_indikatorer").json(r)}};
            add_rank_interval(t, id + "_rang_", id + "_instabil", r, "", g[id]);
        }
        nlohmann::json d = {{"kod", code}, {"namn", namn.json(r)}, {"goals", std::move(g)},
                            {"risk_total", total.json(r)}, {"risk_total_rang", total_rank.json(r)},
                            {"mal_antal", goal_count.json(r)}, {"mal_i_analysen", in_analysis.json(r)}};
        add_rank_interval(t, "risk_total_rang_", "risk_total_instabil", r, "risk_total_", d);
        districts.push_back(std::move(d));
    }
    // Indicators: one row each from `indikatorer`; tackning = the share of its district rows
    // with a published raw value.
    nlohmann::json indicators = nlohmann::json::array();
    if (const auto* it = published_table(publication, "indikatorer")) {
        const Col ind(it, "indikator"), mal(it, "mal"), namn_sv(it, "namn_sv"), riktning(it, "riktning"),
            kalla(it, "kalla"), raw(it, "raavarde"), ikod(it, "kod");
        std::vector<std::string> order;
        std::map<std::string, std::pair<std::size_t, std::size_t>> coverage;  // (with value, rows)
        std::map<std::string, std::size_t> first;
        for (std::size_t r = 0; r < it->row_count(); ++r) {
            const auto name = ind.text(r).value_or("");
            if (!first.count(name)) {
                first[name] = r;
                order.push_back(name);
            }
            if (!inside.count(ikod.text(r).value_or("")))
                continue;
            auto& [with, rows] = coverage[name];
            ++rows;
            with += raw.real(r).has_value();
        }
        for (const auto& name : order) {
            const auto r = first[name];
            const auto [with, rows] = coverage[name];
            const auto m = mal.json(r);
            indicators.push_back({{"indikator", name},
                                  {"mal", m.is_number() ? nlohmann::json("mal" + m.dump()) : m},
                                  {"namn_sv", namn_sv.json(r)},
                                  {"riktning", riktning.json(r)},
                                  {"kalla", kalla.json(r)},
                                  {"tackning", rows ? nlohmann::json(static_cast<double>(with) / static_cast<double>(rows))
                                                    : nlohmann::json(nullptr)}});
        }
    }
    nlohmann::json out = {{"goals", std::move(goals)}, {"districts", std::move(districts)},
                          {"indicators", std::move(indicators)}};
    // Optional (issue 22): the Monte Carlo's draws, the validation rows.
    if (const auto* k = published_table(publication, "kanslighet"); k && k->row_count() > 0)
        out["uncertainty"] = {{"draws", Col(k, "dragningar").json(0)}};
    if (const auto* v = published_table(publication, "validering")) {
        nlohmann::json rows = nlohmann::json::array();
        const Col ranking(v, "rangordning"), outcome(v, "utfall"), method(v, "metod"), early(v, "tidiga_perioder"),
            late(v, "senare_perioder"), n(v, "omraden"), top(v, "topp_kvartil"), rho(v, "spearman"),
            auc(v, "auc_topp_kvartil");
        for (std::size_t r = 0; r < v->row_count(); ++r)
            rows.push_back({{"rangordning", ranking.json(r)}, {"utfall", outcome.json(r)}, {"metod", method.json(r)},
                            {"tidiga_perioder", early.json(r)}, {"senare_perioder", late.json(r)},
                            {"omraden", n.json(r)}, {"topp_kvartil", top.json(r)}, {"spearman", rho.json(r)},
                            {"auc_topp_kvartil", auc.json(r)}});
        out["validation"] = std::move(rows);
    }
    return out;
}

nlohmann::json build_meeting_places(const pipeline::Publication& publication, const nlohmann::json& manifest,
                                    const std::set<std::string>& inside)
{
    const auto* t = published_table(publication, "motesplatser");
    if (!t)
        return nullptr;
    nlohmann::json group = nullptr, radius = nullptr, ring = nullptr;
    if (manifest.contains("stages"))
        for (const auto& s : manifest["stages"])
            if (s.value("type", "") == "meeting_places" && s.contains("options")) {
                const auto& o = s["options"];
                group = o.value("group", nlohmann::json(nullptr));
                radius = o.value("radius", nlohmann::json(nullptr));
                ring = o.value("ring", nlohmann::json(nullptr));
                break;
            }
    static const char* const weekdays[] = {"mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"};
    const Col namn(t, "namn"), typ(t, "typ"), kod(t, "kod"), rang(t, "rang"), antal(t, "antal"),
        forvantat(t, "forvantat"), kvot(t, "kvot"), lag(t, "kvot_lag"), hog(t, "kvot_hog"), timme(t, "topp_timme"),
        dag(t, "topp_veckodag");
    std::vector<Col> hours, days;
    for (int h = 0; h < 24; ++h)
        hours.emplace_back(t, (h < 10 ? "h0" : "h") + std::to_string(h));
    for (const char* d : weekdays)
        days.emplace_back(t, d);
    std::vector<std::pair<long long, std::size_t>> ranked;  // published rank, row
    for (std::size_t r = 0; r < t->row_count(); ++r)
        if (inside.count(kod.text(r).value_or("")))
            ranked.emplace_back(rang.integer(r).value_or(std::numeric_limits<long long>::max()), r);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [rank, r] : ranked) {
        nlohmann::json h = nlohmann::json::array(), d = nlohmann::json::array();
        for (const auto& c : hours)
            h.push_back(c.json(r));
        for (const auto& c : days)
            d.push_back(c.json(r));
        rows.push_back({{"namn", namn.json(r)}, {"typ", typ.json(r)}, {"kod", kod.json(r)}, {"rang", rang.json(r)},
                        {"antal", antal.json(r)}, {"forvantat", forvantat.json(r)}, {"kvot", kvot.json(r)},
                        {"kvot_lag", lag.json(r)}, {"kvot_hog", hog.json(r)}, {"topp_timme", timme.json(r)},
                        {"topp_veckodag", dag.json(r)}, {"timmar", std::move(h)}, {"veckodagar", std::move(d)}});
    }
    return {{"group", group}, {"radius_m", radius}, {"ring_m", ring}, {"rows", std::move(rows)}};
}

}  // namespace trygg::report
