// SPDX-License-Identifier: MIT
// time_profile: incidents per district by weekday and hour of day (Swedish wall-clock time).
#include "time_profile.hpp"

#include "knox_events.hpp"
#include "option_reader.hpp"

#include <trygg/factors/meeting_place_profile.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/stats/total_suppression.hpp>

#include <cctype>
#include <cstdio>
#include <limits>
#include <numeric>

namespace trygg::pipeline {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const char* const weekday_names[] = {"mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"};

struct TimeProfileOptions {
    std::string group;
    int suppress_below = 5;
};

TimeProfileOptions parse_time_profile_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    TimeProfileOptions t;
    t.group = r.string("group");
    if (r.negative("suppress_below"))
        r.fail("\"suppress_below\" must be 0 or more");
    t.suppress_below = r.integer<int>("suppress_below", 0, max_threshold);
    return t;
}
}  // namespace

std::string time_profile_table_name(const std::string& group)
{
    if (group == "alla")
        return "tidsprofil";
    std::string name = "tidsprofil_" + group;
    for (auto& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            c = '_';
    return name;
}

StageDescriptor TimeProfileStage::descriptor()
{
    return {"time_profile",
            "Time profile: incidents per district by weekday (rows, Monday first) and hour of day (columns h00-h23; "
            "a date without a clock time in utan_klockslag), counts suppressed as other counts; table 'tidsprofil' "
            "(or 'tidsprofil_<group>')",
            {{"group", OptionType::string, "alla", false, "Crime group (alla = every incident)"},
             {"suppress_below", OptionType::integer, 5, false,
              "Counts from 1 to this minus 1 are not published, with a second cell of the district so that the "
              "total does not give them back (\"privacy\": \"internal\" shows them)"}},
            {{"assigned", true, "incidents assigned to districts (with times)"}},
            "time_profile"};
}

void TimeProfileStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_time_profile_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> TimeProfileStage::run(StageContext& ctx) const
{
    const auto opts = parse_time_profile_options(ctx.options(), ctx.tag());
    const auto assigned = ctx.input<AssignedArtifact>(0);
    const auto& inc = assigned->incidents->table;
    const int g = crime_group_index(ctx, inc, opts.group);
    if (inc.time.empty())
        ctx.fail_input("the incidents of '" + inc.source + "' have no time field (fields.time); a time profile needs times");
    const auto events = space_time_events(*assigned, g, false);
    const auto& layer = assigned->districts->layer;
    auto a = std::make_shared<TimeProfileArtifact>();
    a->group = opts.group;
    a->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.suppress_below;
    a->codes = layer.codes;
    a->names = layer.names;
    a->counts.assign(layer.size(), {});
    std::size_t date_only = 0;
    for (std::size_t k = 0; k < events.time.size(); ++k) {
        const auto t = events.time[k];
        const auto day = static_cast<std::size_t>(factors::weekday_of(t));
        std::size_t cell = 168 + day;  // a date alone has a weekday but no hour
        if (events.has_clock[k]) {
            const auto minute = ((t % 1440) + 1440) % 1440;
            cell = day * 24 + static_cast<std::size_t>(minute / 60);
        } else {
            ++date_only;
        }
        a->counts[static_cast<std::size_t>(events.district[k])][cell] += 1;
    }
    if (events.without_time > 0)
        ctx.warn(std::to_string(events.without_time) + " incidents without a time are left out of the time profile",
                 "incidents without a time are left out of the time profile");
    ctx.info("time profile of " + opts.group + ": " + std::to_string(events.time.size()) + " incidents, " +
             std::to_string(date_only) + " of them with a date only (column utan_klockslag)");
    return a;
}

void TimeProfileArtifact::publish(Contribution& out, const RunSettings& /*settings*/) const
{
    const auto name = time_profile_table_name(group);
    auto& t = out.table(name);
    t.description = "Incidents (" + group + ") per district by weekday and hour of day (Swedish time); a row per "
                    "district and weekday, utan_klockslag those with a date only, antal_totalt the district's "
                    "total (the 7 x 24 hours and the 7 utan_klockslag)";
    const std::size_t n = codes.size();
    std::vector<std::optional<std::string>> kod, namn, grupp, dag;
    std::vector<std::optional<std::int64_t>> dag_nr;
    std::vector<double> total;
    std::vector<std::vector<double>> hours(24);
    std::vector<double> no_clock;
    std::vector<std::size_t> all(cells_per_district);
    std::iota(all.begin(), all.end(), std::size_t{0});
    for (std::size_t d = 0; d < n; ++d) {
        const std::vector<double> cells(counts[d].begin(), counts[d].end());
        const double sum = std::accumulate(cells.begin(), cells.end(), 0.0);
        // The 175 cells sum to the published total: withheld cells go at least two at a time
        // (stats::withhold_with_total); a withheld total withholds the whole district.
        const bool hide_total = sum > 0 && sum < suppress_below;
        const auto hidden = stats::withhold_with_total(cells, all, hide_total ? 0 : suppress_below);
        for (int w = 0; w < 7; ++w) {
            kod.emplace_back(codes[d]);
            namn.emplace_back(d < names.size() ? names[d] : std::string());
            grupp.emplace_back(group);
            dag.emplace_back(std::string(weekday_names[w]));
            dag_nr.emplace_back(w + 1);
            total.push_back(hide_total ? nan : sum);
            for (int h = 0; h < 24; ++h) {
                const std::size_t c = static_cast<std::size_t>(w * 24 + h);
                hours[h].push_back(hide_total || hidden[c] ? nan : cells[c]);
            }
            const std::size_t c = static_cast<std::size_t>(168 + w);
            no_clock.push_back(hide_total || hidden[c] ? nan : cells[c]);
        }
    }
    t.add_text("kod", std::move(kod));
    t.add_text("namn", std::move(namn));
    t.add_text("grupp", std::move(grupp));
    t.add_text("veckodag", std::move(dag));
    t.add_integer("veckodag_nr", std::move(dag_nr));
    for (int h = 0; h < 24; ++h) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "h%02d", h);
        t.add_real(buf, std::move(hours[h]));
    }
    t.add_real("utan_klockslag", std::move(no_clock));
    t.add_real("antal_totalt", std::move(total));
}

}  // namespace trygg::pipeline
