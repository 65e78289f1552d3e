// SPDX-License-Identifier: MIT
#include "knox_events.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace trygg::pipeline {

int crime_group_index(const StageContext& ctx, const core::IncidentTable& incidents, const std::string& group)
{
    if (group == "alla")
        return -1;
    const int g = incidents.group_index(group);
    if (g < 0)
        ctx.fail_input("crime group '" + group + "' is not in the crime catalogue of '" + incidents.source + "'");
    return g;
}

SpaceTimeEvents space_time_events(const AssignedArtifact& assigned, int group, bool need_place)
{
    const auto& inc = assigned.incidents->table;
    SpaceTimeEvents e;
    for (std::size_t i = 0; i < inc.size(); ++i) {
        if (assigned.district[i] < 0)
            continue;
        if (need_place && !(std::isfinite(inc.x[i]) && std::isfinite(inc.y[i])))
            continue;
        if (group >= 0 && !(inc.groups[i] & (1u << group)))
            continue;
        if (inc.time.empty() || inc.time[i] == core::no_time) {
            e.without_time += 1;
            continue;
        }
        const core::Minutes t = inc.time[i];
        e.x.push_back(inc.x[i]);
        e.y.push_back(inc.y[i]);
        e.time.push_back(t);
        e.day.push_back(static_cast<double>(t >= 0 ? t / 1440 : -((-t + 1439) / 1440)));
        e.has_clock.push_back(inc.has_clock.empty() ? 0 : inc.has_clock[i]);
        e.district.push_back(assigned.district[i]);
    }
    return e;
}

void warn_if_places_are_shared(const StageContext& ctx, const SpaceTimeEvents& events)
{
    std::vector<std::pair<double, double>> p;
    for (std::size_t i = 0; i < events.x.size(); ++i)
        p.emplace_back(events.x[i], events.y[i]);
    std::sort(p.begin(), p.end());
    std::size_t shared = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        shared += (i > 0 && p[i] == p[i - 1]) || (i + 1 < p.size() && p[i] == p[i + 1]) ? 1 : 0;
    if (p.size() >= 2 && 2 * shared > p.size()) {
        const std::string why = " share their exact place with another (a feed that gives a town's centre instead "
                                "of the place?); the distances say little";
        ctx.warn(std::to_string(shared) + " of " + std::to_string(p.size()) + " incidents" + why,
                 "more than half of the incidents" + why);
    }
}

std::vector<OptionSpec> space_time_options()
{
    return {
        {"group", OptionType::string, "alla", false, "Crime group (alla = every incident)"},
        {"permutations", OptionType::integer, 999, false,
         "Permutations of the times over the locations for Monte Carlo p (0: none)"},
        {"seed", OptionType::integer, nullptr, false,
         "Random seed (default: the run's seed); same seed, same result for any thread count"},
        {"suppress_below", OptionType::integer, 5, false,
         "Pair counts from 1 to this minus 1 are not published, nor what would reveal them (\"privacy\": "
         "\"internal\" shows them)"},
    };
}

SpaceTimeSettings parse_space_time_options(const OptionReader& r)
{
    SpaceTimeSettings s;
    s.group = r.string("group");
    if (r.negative("permutations"))
        r.fail("\"permutations\" must be 0 or more");
    s.permutations = r.integer<std::uint32_t>("permutations", 0, static_cast<std::uint32_t>(max_count_option));
    if (r.has("seed"))
        s.seed = r.integer<std::uint64_t>("seed", 0, UINT64_MAX);
    if (r.negative("suppress_below"))
        r.fail("\"suppress_below\" must be 0 or more");
    s.suppress_below = r.integer<int>("suppress_below", 0, max_threshold);
    return s;
}

stats::PermutationOptions space_time_permutations(const StageContext& ctx, const SpaceTimeSettings& s)
{
    stats::PermutationOptions p;
    p.permutations = s.permutations;
    p.seed = ctx.has_option("seed") ? s.seed : ctx.settings().seed;
    p.threads = ctx.settings().threads;
    return p;
}

}  // namespace trygg::pipeline
