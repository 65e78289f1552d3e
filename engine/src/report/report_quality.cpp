// SPDX-License-Identifier: MIT
// Data quality and method notes of the report input: the published manifest's sections and
// the published rejects and geocoding summaries.
#include "published_table.hpp"
#include "report_parts.hpp"

#include <algorithm>
#include <set>

namespace trygg::report {

namespace {
nlohmann::json section(const nlohmann::json& manifest, const char* key)
{
    return manifest.contains(key) ? manifest[key] : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json build_data_quality(const pipeline::Publication& publication, const nlohmann::json& manifest,
                                  const std::vector<CountRow>& district_rows, const std::set<std::string>& inside)
{
    nlohmann::json rejects = nlohmann::json::array();
    std::optional<long long> duplicates;
    bool duplicates_withheld = false;
    if (const auto* t = published_table(publication, "avvisade")) {
        const Col steg(t, "steg"), utfall(t, "utfall"), orsak(t, "orsak"), antal(t, "antal"), visning(t, "antal_visning"),
            undertryckt(t, "undertryckt");
        for (std::size_t r = 0; r < t->row_count(); ++r) {
            const bool withheld = undertryckt.integer(r).value_or(0) != 0;
            const auto value = antal.integer(r);
            const bool has = !withheld && value.has_value();
            const long long n = has ? *value : 0;
            auto shown = visning.text(r);
            if (!shown)
                shown = has ? std::to_string(n) : std::string("..");
            rejects.push_back({{"steg", steg.json(r)}, {"utfall", utfall.json(r)}, {"orsak", orsak.json(r)},
                               {"antal", has ? nlohmann::json(n) : nlohmann::json(nullptr)},
                               {"visning", *shown}});
            if (orsak.text(r).value_or("").find("duplicate") != std::string::npos) {
                if (has)
                    duplicates = duplicates.value_or(0) + n;
                else
                    duplicates_withheld = true;
            }
        }
    }
    nlohmann::json geocoding = nlohmann::json::array();
    if (const auto* t = published_table(publication, "geokodning_sammanfattning")) {
        const Col typ(t, "typ"), nyckel(t, "nyckel"), antal(t, "antal"), andel(t, "andel");
        for (std::size_t r = 0; r < t->row_count(); ++r)
            geocoding.push_back({{"typ", typ.json(r)}, {"nyckel", nyckel.json(r)}, {"antal", antal.json(r)},
                                 {"andel", andel.json(r)}});
    }
    nlohmann::json coverage = nullptr;
    if (manifest.contains("coverage") && manifest["coverage"].is_object() && !manifest["coverage"].empty()) {
        const auto& c = manifest["coverage"].begin().value();
        coverage = {{"from", c.value("from", nlohmann::json(nullptr))},
                    {"to", c.value("to", nlohmann::json(nullptr))},
                    {"range", c.value("range", nlohmann::json(nullptr))},
                    {"incomplete_periods", c.value("incomplete_periods", nlohmann::json::array())}};
    }
    // Withheld cells of this report's districts (groups not in the source carry no value and
    // are not withheld).
    // incident_counts is sparse (a missing row is a count of 0): "of" counts every cell, the
    // report's districts × period × group × sex × age band, as the full table has them.
    std::size_t withheld = 0;
    std::set<std::string> kods, sexes, ages;
    std::set<std::pair<std::string, std::string>> period_groups;
    for (const auto& r : district_rows) {
        period_groups.emplace(r.period, r.grupp);
        sexes.insert(r.kon);
        ages.insert(r.alder);
        if (inside.count(r.kod)) {
            kods.insert(r.kod);
            withheld += !r.antal && !r.saknas;
        }
    }
    const std::size_t all = kods.size() * period_groups.size() * sexes.size() * ages.size();
    return {{"accounting", section(manifest, "accounting")},
            {"rejects", std::move(rejects)},
            {"duplicates_dropped",
             duplicates && !duplicates_withheld ? nlohmann::json(*duplicates) : nlohmann::json(nullptr)},
            {"geocoding", std::move(geocoding)},
            {"coverage", std::move(coverage)},
            {"withheld", {{"cells", withheld}, {"of", all},
                          {"share", all ? nlohmann::json(static_cast<double>(withheld) / static_cast<double>(all))
                                        : nlohmann::json(nullptr)}}},
            {"warnings", manifest.contains("warnings") ? manifest["warnings"] : nlohmann::json::array()}};
}

nlohmann::json build_method(const pipeline::Publication& publication, const nlohmann::json& manifest)
{
    // The crime-code catalogue: read.incidents's option, its hash from the manifest's inputs.
    nlohmann::json catalogue = nullptr;
    if (manifest.contains("stages"))
        for (const auto& s : manifest["stages"])
            if (s.value("type", "") == "read.incidents" && s.contains("options") && s["options"].contains("catalogue") &&
                s["options"]["catalogue"].is_string()) {
                const auto path = s["options"]["catalogue"].get<std::string>();
                nlohmann::json sha = nullptr;
                for (const auto& in : manifest.value("inputs", nlohmann::json::array()))
                    if (in.value("path", "") == path)
                        sha = in.value("sha256", nlohmann::json(nullptr));
                catalogue = {{"path", path}, {"sha256", sha}};
                break;
            }
    nlohmann::json years = nullptr;
    for (const auto& [key, value] : manifest.items())
        if (key.rfind("population_years", 0) == 0) {
            if (years.is_null())
                years = nlohmann::json::object();
            years[key] = value;
        }
    nlohmann::json statistics = nlohmann::json::array();
    if (const auto* t = published_table(publication, "global_statistics")) {
        const Col stage(t, "stage"), statistic(t, "statistic"), variable(t, "variable"), value(t, "value"),
            p_sim(t, "p_sim"), options(t, "options");
        for (std::size_t r = 0; r < t->row_count(); ++r) {
            auto o = options.text(r);
            auto parsed = o ? nlohmann::json::parse(*o, nullptr, false) : nlohmann::json(nullptr);
            if (parsed.is_discarded())
                parsed = *o;
            statistics.push_back({{"stage", stage.json(r)}, {"statistic", statistic.json(r)},
                                  {"variable", variable.json(r)}, {"value", value.json(r)}, {"p_sim", p_sim.json(r)},
                                  {"options", std::move(parsed)}});
        }
    }
    return {{"catalogue", catalogue},
            {"population_years", years},
            {"levels", section(manifest, "levels")},
            {"statistics", std::move(statistics)}};
}

}  // namespace trygg::report
