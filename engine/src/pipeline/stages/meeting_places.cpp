// SPDX-License-Identifier: MIT
// meeting_places: incidents within a radius of each meeting place by hour and weekday, against
// the surrounding ring; a ranked point layer `motesplatser`.
#include "factors_stages.hpp"
#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/factors/poisson_interval.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>
#include <trygg/stats/total_suppression.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace trygg::pipeline {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const char* weekday_names[] = {"mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"};
}  // namespace

StageDescriptor MeetingPlacesStage::descriptor()
{
    return {"meeting_places",
            "Meeting-place profile: incidents within a radius of each meeting place by hour and weekday, against what "
            "the surrounding ring leads one to expect; ranked point layer 'motesplatser'",
            {{"radius", OptionType::number, 200.0, false, "Radius around each place in metres"},
             {"ring", OptionType::number, 600.0, false,
              "Outer radius of the surrounding ring (metres) whose density gives the expected count"},
             {"group", OptionType::string, "alla", false, "Crime group to count (alla = every incident)"},
             {"suppress_below", OptionType::integer, 5, false,
              "Counts from 1 to this minus 1 are not published (\"privacy\": \"internal\" shows them)"},
             {"confidence", OptionType::number, 0.95, false, "Confidence level of the ratio intervals"}},
            {{"table", true, "meeting places from a point_factors stage"},
             {"assigned", true, "incidents assigned to districts (with coordinates)"}},
            "meeting_places"};
}

namespace {

// The options of one meeting_places stage, parsed and checked once (validate and run both use it).
struct MeetingPlacesStageOptions {
    double radius = 200, ring = 600, confidence = 0.95;
    std::string group;
    int suppress_below = 5;
};

MeetingPlacesStageOptions parse_meeting_places_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    MeetingPlacesStageOptions out;
    out.radius = r.number("radius");
    out.ring = r.number("ring");
    if (!(out.radius > 0) || !(out.ring > out.radius))
        r.fail("\"radius\" must be positive and \"ring\" larger than it");
    if (r.negative("suppress_below"))
        r.fail("\"suppress_below\" must be 0 or more");
    out.suppress_below = r.integer<int>("suppress_below", 0, max_threshold);
    out.confidence = r.number("confidence");
    if (!(out.confidence > 0 && out.confidence < 1))
        r.fail("\"confidence\" must be between 0 and 1");
    out.group = r.string("group");
    return out;
}

}  // namespace

void MeetingPlacesStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_meeting_places_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> MeetingPlacesStage::run(StageContext& ctx) const
{
    const auto places = ctx.input<PointFactorsArtifact>(0);
    if (!places)
        ctx.fail_input("the first input must be a point_factors stage (the meeting places)");
    const auto assigned = ctx.input<AssignedArtifact>(1);
    const auto& inc = assigned->incidents->table;
    const auto opts = parse_meeting_places_options(ctx.options(), ctx.tag());
    const auto& group = opts.group;
    int g = -1;
    if (group != "alla") {
        g = inc.group_index(group);
        if (g < 0)
            ctx.fail_input("crime group '" + group + "' is not in the crime catalogue of '" + inc.source + "'");
    }
    // Only incidents that lie in a district and have coordinates, of the chosen group.
    std::vector<double> x, y;
    std::vector<core::Minutes> t;
    std::vector<std::uint8_t> clock;
    for (std::size_t i = 0; i < inc.size(); ++i) {
        if (assigned->district[i] < 0 || !std::isfinite(inc.x[i]))
            continue;
        if (g >= 0 && !(inc.groups[i] & (1u << g)))
            continue;
        x.push_back(inc.x[i]);
        y.push_back(inc.y[i]);
        t.push_back(inc.time.empty() ? core::no_time : inc.time[i]);
        clock.push_back(inc.has_clock.empty() ? 0 : inc.has_clock[i]);
    }
    auto a = std::make_shared<MeetingPlacesArtifact>();
    a->crs = assigned->districts->layer.crs;
    a->group = group;
    a->radius = opts.radius;
    a->ring_outer = opts.ring;
    a->confidence = opts.confidence;
    a->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.suppress_below;
    a->points = places->points;
    a->names = places->names;
    a->types = places->types;
    const auto& layer = assigned->districts->layer;
    for (auto d : places->district)
        a->districts.push_back(d >= 0 ? layer.codes[static_cast<std::size_t>(d)] : std::string());
    a->profiles = factors::meeting_place_profile(a->points, x, y, t, clock, a->radius, a->ring_outer);
    ctx.info(std::to_string(a->points.size()) + " meeting places, " + std::to_string(x.size()) + " incidents with coordinates");
    return a;
}

namespace {

std::vector<std::size_t> all_indices(std::size_t n)
{
    std::vector<std::size_t> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = i;
    return v;
}

}  // namespace

void MeetingPlacesArtifact::publish(Contribution& out, const RunSettings&) const
{
    const auto n = points.size();
    auto& t = out.table("motesplatser", io::GeometryKind::point);
    t.crs = crs;
    t.style_qml = style_qml("motesplatser");  // excess incidents, plugins/qgis/trygg/styles
    t.description = "Meeting places ranked by excess incidents (" + group + ") within " + std::to_string(int(radius)) +
                    " m against the surrounding ring to " + std::to_string(int(ring_outer)) + " m";
    t.points = points;
    auto hide = [&](double v) { return v > 0 && v < suppress_below; };
    std::vector<double> obs(n), exp_(n), rr(n), lo(n), hi(n);
    std::vector<std::optional<std::int64_t>> rank(n), peak_hour(n);
    std::vector<std::optional<std::string>> peak_day(n), name(n), type(n), kod(n);
    std::vector<std::vector<double>> hours(24, std::vector<double>(n)), days(7, std::vector<double>(n));
    for (std::size_t p = 0; p < n; ++p) {
        const auto& pr = profiles[p];
        name[p] = names[p];
        type[p] = types[p];
        if (!districts[p].empty())
            kod[p] = districts[p];
        const bool h = hide(pr.observed);
        obs[p] = h ? nan : pr.observed;
        exp_[p] = hide(pr.ring) ? nan : pr.expected;  // the expected count is the ring's count, scaled
        auto r = factors::rate_ratio(pr.observed, pr.expected, confidence);
        rr[p] = h ? nan : r.ratio;
        lo[p] = h ? nan : r.interval.lower;
        hi[p] = h ? nan : r.interval.upper;
        // Hours and weekdays each sum to the published count: one withheld hour would be the
        // count minus the others, so a second goes with it (withhold_with_total); a withheld
        // count hides them all. The peak hour and weekday only bound withheld values: a
        // published peak is at least any withheld hour (which is below the threshold anyway),
        // a withheld peak (all positive hours then withheld) at least the others.
        const std::vector<double> by_hour(pr.hour.begin(), pr.hour.end());
        const std::vector<double> by_day(pr.weekday.begin(), pr.weekday.end());
        const auto hidden_hours = stats::withhold_with_total(by_hour, all_indices(24), h ? 0 : suppress_below);
        const auto hidden_days = stats::withhold_with_total(by_day, all_indices(7), h ? 0 : suppress_below);
        int best_h = -1, best_d = -1;
        for (int k = 0; k < 24; ++k) {
            hours[k][p] = h || hidden_hours[k] ? nan : pr.hour[k];
            if (pr.hour[k] > 0 && (best_h < 0 || pr.hour[k] > pr.hour[best_h]))
                best_h = k;
        }
        for (int k = 0; k < 7; ++k) {
            days[k][p] = h || hidden_days[k] ? nan : pr.weekday[k];
            if (pr.weekday[k] > 0 && (best_d < 0 || pr.weekday[k] > pr.weekday[best_d]))
                best_d = k;
        }
        if (!h && best_h >= 0)
            peak_hour[p] = best_h;
        if (!h && best_d >= 0)
            peak_day[p] = std::string(weekday_names[best_d]);
    }
    // Rank by the excess over the expected count (incidents more than the surroundings explain):
    // what a planner can act on. A ratio alone would put a quiet rural place with 3 incidents
    // against 0.1 expected first.
    std::vector<double> excess(n);
    std::vector<std::size_t> order;
    for (std::size_t p = 0; p < n; ++p) {
        excess[p] = profiles[p].observed - profiles[p].expected;
        order.push_back(p);
    }
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return excess[a] > excess[b]; });
    // Ranks count published places only: a gap in the ranks would place a withheld count
    // between the published excesses on either side of it.
    auto withheld = [&](std::size_t p) { return hide(profiles[p].observed) || hide(profiles[p].ring); };
    std::int64_t next = 0;
    for (std::size_t p : order)
        if (!withheld(p))
            rank[p] = ++next;
    for (std::size_t p = 0; p < n; ++p)
        if (withheld(p))
            excess[p] = nan;
    t.add_text("namn", std::move(name));
    t.add_text("typ", std::move(type));
    t.add_text("kod", std::move(kod));
    t.add_integer("rang", std::move(rank));
    t.add_real("antal", std::move(obs));
    t.add_real("forvantat", std::move(exp_));
    t.add_real("overskott", std::move(excess));
    t.add_real("kvot", std::move(rr));
    t.add_real("kvot_lag", std::move(lo));
    t.add_real("kvot_hog", std::move(hi));
    t.add_integer("topp_timme", std::move(peak_hour));
    t.add_text("topp_veckodag", std::move(peak_day));
    for (int k = 0; k < 24; ++k) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "h%02d", k);
        t.add_real(buf, std::move(hours[k]));
    }
    for (int k = 0; k < 7; ++k)
        t.add_real(weekday_names[k], std::move(days[k]));
    add_csv_side_file(out, t, "motesplatser.csv");
}

}  // namespace trygg::pipeline
