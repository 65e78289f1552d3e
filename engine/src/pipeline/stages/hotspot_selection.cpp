// SPDX-License-Identifier: MIT
#include "hotspot_selection.hpp"

#include "option_reader.hpp"

#include <trygg/core/error_detail.hpp>
#include <trygg/stats/aggregate.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace trygg::pipeline {

std::vector<OptionSpec> hotspot_selection_options()
{
    return {
        {"groups", OptionType::array, nlohmann::json::array(), false,
         "Crime groups, one surface each (\"alla\" = every incident); empty: every catalogue group and \"alla\""},
        {"period", OptionType::string, "all", false,
         "\"all\" (the whole time range as one surface), \"each\" (one per period), \"latest\", or a label such as \"2024H1\""},
        {"period_kind", OptionType::string, "half-year", false, "month, quarter, half-year or year"},
    };
}

HotspotSelectionOptions parse_hotspot_selection_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    HotspotSelectionOptions out;
    for (const auto& g : r.json("groups")) {
        if (!g.is_string())
            r.fail("option 'groups' must be an array of group names");
        out.groups.push_back(g.get<std::string>());
    }
    try {
        out.period_kind = stats::parse_period_kind(r.string("period_kind"));
    } catch (const std::exception& e) {
        r.fail(e.what());
    }
    out.period = r.string("period");
    return out;
}

core::MultiPolygon study_area(const AssignedArtifact& assigned)
{
    core::MultiPolygon area;
    for (const auto& mp : assigned.districts->layer.polygons)
        area.insert(area.end(), mp.begin(), mp.end());
    return area;
}

std::string file_token(const std::string& s)
{
    std::string out;
    for (unsigned char c : s)
        out += (std::isalnum(c) || c == '-' || c == '_') ? static_cast<char>(c) : '_';
    return out;
}

std::vector<HotspotSelection> select_incidents(const StageContext& ctx, const AssignedArtifact& assigned,
                                               bool located_outside)
{
    const auto& t = assigned.incidents->table;
    const auto opts = parse_hotspot_selection_options(ctx.options(), ctx.tag());
    // Groups.
    std::vector<std::string> groups = opts.groups;
    if (groups.empty()) {
        groups = t.group_names;
        groups.push_back("alla");
    }
    // One surface per name: without a crime catalogue the reader's only group is already
    // "alla", and two surfaces with one name would write one file twice.
    std::vector<std::string> distinct;
    for (const auto& g : groups)
        if (std::find(distinct.begin(), distinct.end(), g) == distinct.end())
            distinct.push_back(g);
    groups = std::move(distinct);
    std::vector<int> group_bit;
    for (const auto& g : groups) {
        const int b = g == "alla" ? -1 : t.group_index(g);
        if (g != "alla" && b < 0) {
            std::string known;
            for (const auto& n : t.group_names)
                known += (known.empty() ? "" : ", ") + n;
            ctx.fail_input(core::coded("crime group '" + g + "' is not in the catalogue (groups: " + known + ", alla)",
                           {"unknown_group", {{"group", g}, {"groups", known + ", alla"}}}));
        }
        group_bit.push_back(b);
    }
    // Periods of the used incidents.
    const stats::PeriodKind kind = opts.period_kind;
    std::vector<std::size_t> used;
    std::map<std::string, int> period_index;
    std::vector<std::string> label(t.size());
    std::size_t inside_without_point = 0;  // located by area code only: in a district, not on the map
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool in_district = i < assigned.district.size() && assigned.district[i] >= 0;
        if (!in_district && !(located_outside && t.status[i] == core::LocationStatus::located && std::isfinite(t.x[i])))
            continue;
        if (!std::isfinite(t.x[i])) {
            ++inside_without_point;
            continue;
        }
        used.push_back(i);
        label[i] = stats::period_label(t.time[i], kind);
        period_index.emplace(label[i], 0);
    }
    // Area-coded registers (DeSO codes) place every incident in a district but nowhere inside
    // it: say that, not that nothing was inside.
    if (used.empty() && inside_without_point > 0)
        ctx.fail_data(core::coded("none of the " + std::to_string(inside_without_point) +
                          " incidents in the study area has coordinates (they are located by area code only); "
                          "grids and heatmaps need x/y, lon/lat or point geometry",
                      {"no_coordinates", {{"count", std::to_string(inside_without_point)}}}));
    if (used.empty())
        ctx.fail_data(core::coded("no incidents inside the study area", {"no_incidents_inside", {}}));
    std::vector<std::string> periods;
    for (const auto& [p, _] : period_index)
        periods.push_back(p);  // labels sort chronologically ("2024H1" < "2024H2" < "2025H1")
    const std::string& opt = opts.period;
    std::vector<std::string> wanted;  // empty: all as one
    if (opt == "each")
        wanted = periods;
    else if (opt == "latest") {
        // The last period the data fully cover (stats/period_coverage.hpp), not a partial one.
        const auto coverage = stats::measure_coverage(t, used);
        wanted = {periods[static_cast<std::size_t>(
            stats::latest_complete_period(periods, stats::complete_periods(coverage, periods)))]};
    }
    else if (opt != "all") {
        if (!period_index.count(opt))
            ctx.fail_data("period '" + opt + "' has no incidents (periods with data: " + periods.front() + " … " +
                          periods.back() + ")");
        wanted = {opt};
    }
    const std::string whole = periods.front() == periods.back() ? periods.front() : periods.front() + "-" + periods.back();

    std::vector<HotspotSelection> out;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::vector<std::string> ps = wanted.empty() ? std::vector<std::string>{whole} : wanted;
        for (const auto& p : ps) {
            HotspotSelection s{groups[g], p, {}, {}};
            for (std::size_t i : used) {
                if (group_bit[g] >= 0 && !((t.groups[i] >> group_bit[g]) & 1u))
                    continue;
                if (!wanted.empty() && label[i] != p)
                    continue;
                s.x.push_back(t.x[i]);
                s.y.push_back(t.y[i]);
            }
            out.push_back(std::move(s));
        }
    }
    return out;
}

}  // namespace trygg::pipeline
