// SPDX-License-Identifier: MIT
// Changes of the rate since the previous period and the same period a year earlier, with the
// exact interval of stats::rate_change, from published counts only.
#include "published_table.hpp"
#include "report_parts.hpp"

#include <trygg/stats/rate_change.hpp>

#include <map>
#include <tuple>

namespace trygg::report {

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;  // kod grupp kon alder period

nlohmann::json change_json(const std::string& kod, const std::string& grupp, const std::string& kon,
                           const std::string& alder, const char* compared_with,
                           const std::optional<std::string>& from_period, const std::string& to_period,
                           const CountRow* from, const CountRow* to)
{
    auto count = [](const CountRow* r) { return r && r->antal ? nlohmann::json(*r->antal) : nlohmann::json(nullptr); };
    auto rate = [](const CountRow* r) {
        return r && r->antal ? number_or_null(r->per_1000) : nlohmann::json(nullptr);
    };
    nlohmann::json j = {{"kod", kod},
                        {"grupp", grupp},
                        {"kon", kon},
                        {"aldersgrupp", alder},
                        {"jamfort_med", compared_with},
                        {"fran_period", from_period ? nlohmann::json(*from_period) : nlohmann::json(nullptr)},
                        {"till_period", to_period},
                        {"antal_fran", count(from)},
                        {"antal_till", count(to)},
                        {"per_1000_fran", rate(from)},
                        {"per_1000_till", rate(to)},
                        {"kvot", nullptr},
                        {"kvot_lag", nullptr},
                        {"kvot_hog", nullptr},
                        {"utfall", "saknas"}};
    // No such period, or a group not in the source: nothing to compare.
    if (!from || !to || from->saknas || to->saknas)
        return j;
    const auto c = stats::rate_change(from->antal, to->antal, from->befolkning, to->befolkning);
    j["kvot"] = number_or_null(c.ratio);
    j["kvot_lag"] = number_or_null(c.lower);
    j["kvot_hog"] = number_or_null(c.upper);
    j["utfall"] = stats::outcome_id(c.outcome);
    return j;
}

}  // namespace

nlohmann::json build_changes(const std::vector<const CountRow*>& totals, const std::vector<const CountRow*>& districts,
                             const std::vector<std::string>& district_order, const ReportPeriods& periods)
{
    nlohmann::json out = nlohmann::json::array();
    if (!periods.latest)
        return out;
    const std::string& latest = *periods.latest;
    const std::pair<const char*, const std::optional<std::string>*> comparisons[] = {
        {"previous", &periods.previous}, {"year_before", &periods.year_before}};

    std::map<Key, const CountRow*> index;
    for (const auto* rows : {&totals, &districts})
        for (const auto* r : *rows)
            index[{r->kod, r->grupp, r->kon, r->alder, r->period}] = r;
    auto find = [&](const std::string& kod, const CountRow& like, const std::optional<std::string>& period) -> const CountRow* {
        if (!period)
            return nullptr;
        auto it = index.find({kod, like.grupp, like.kon, like.alder, *period});
        return it == index.end() ? nullptr : it->second;
    };
    // The area: every group × kon × aldersgrupp of the latest period, in table order.
    for (const auto* to : totals) {
        if (to->period != latest)
            continue;
        for (const auto& [name, period] : comparisons)
            out.push_back(change_json("totalt", to->grupp, to->kon, to->alder, name, *period, latest,
                                      find(to->kod, *to, *period), to));
    }
    // Districts: alla × alla, districts in layer order, groups in table order.
    std::map<std::string, std::vector<const CountRow*>> latest_by_district;
    for (const auto* r : districts)
        if (r->period == latest && r->kon == "alla" && r->alder == "alla")
            latest_by_district[r->kod].push_back(r);
    for (const auto& kod : district_order)
        for (const auto* to : latest_by_district[kod])
            for (const auto& [name, period] : comparisons)
                out.push_back(change_json(kod, to->grupp, "alla", "alla", name, *period, latest,
                                          find(kod, *to, *period), to));
    return out;
}

}  // namespace trygg::report
