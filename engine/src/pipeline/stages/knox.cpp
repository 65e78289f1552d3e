// SPDX-License-Identifier: MIT
// knox: the Knox test for one distance δ and time τ over the located incidents of a group.
#include "knox.hpp"

#include "knox_disclosure.hpp"
#include "knox_events.hpp"
#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/publication.hpp>

#include <cmath>
#include <limits>

namespace trygg::pipeline {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct KnoxOptions {
    SpaceTimeSettings common;
    double distance = 200, days = 14;
};

KnoxOptions parse_knox_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    KnoxOptions k;
    k.common = parse_space_time_options(r);
    k.distance = r.number("distance");
    if (!(k.distance > 0))
        r.fail("\"distance\" must be positive (metres)");
    k.days = r.number("days", 0.0);
    return k;
}
}  // namespace

StageDescriptor KnoxStage::descriptor()
{
    std::vector<OptionSpec> options{
        {"distance", OptionType::number, 200.0, false,
         "δ in metres: a pair is close in space when its distance is at most δ (inclusive)"},
        {"days", OptionType::number, 14.0, false,
         "τ in days: a pair is close in time when its calendar days differ by at most τ (inclusive; 0: same day)"},
    };
    const auto shared = space_time_options();
    options.insert(options.end(), shared.begin(), shared.end());
    return {"knox",
            "Knox test: pairs of incidents close in space (<= distance) and in time (<= days), the 2x2 table, "
            "expected counts, Poisson tails P(X>obs) and P(X>=obs), Monte Carlo p (times permuted over "
            "locations); a row of table 'knox'",
            options,
            {{"assigned", true, "incidents assigned to districts (with coordinates and times)"}},
            "knox"};
}

void KnoxStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_knox_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> KnoxStage::run(StageContext& ctx) const
{
    const auto opts = parse_knox_options(ctx.options(), ctx.tag());
    const auto assigned = ctx.input<AssignedArtifact>(0);
    const auto& inc = assigned->incidents->table;
    const int g = crime_group_index(ctx, inc, opts.common.group);
    if (inc.time.empty())
        ctx.fail_input("the incidents of '" + inc.source + "' have no time field (fields.time); the Knox test needs times");
    const auto events = space_time_events(*assigned, g, true);
    warn_if_places_are_shared(ctx, events);
    if (events.without_time > 0)
        ctx.warn(std::to_string(events.without_time) + " incidents without a time are left out of the Knox test",
                 "incidents without a time are left out of the Knox test");
    auto a = std::make_shared<KnoxArtifact>();
    a->tag = ctx.tag();
    a->group = opts.common.group;
    a->distance = opts.distance;
    a->days = opts.days;
    const auto perm = space_time_permutations(ctx, opts.common);
    a->seed = perm.seed;
    a->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.common.suppress_below;
    a->result = stats::knox(events.x, events.y, events.day, opts.distance, opts.days, perm, &ctx.cancel());
    const auto& r = a->result;
    ctx.info("Knox: " + std::to_string(r.events) + " incidents, " + std::to_string(r.both) + " pairs close in both (" +
             std::to_string(r.expected_both) + " expected), P(X>=obs) = " + std::to_string(r.p_poisson_at_least));
    return a;
}

void KnoxArtifact::publish(Contribution& out, const RunSettings& /*settings*/) const
{
    const auto& r = result;
    auto hide = [&](double v) { return v > 0 && v < suppress_below; };
    // One small cell would show that few pairs of incidents are close; the margins, expected
    // counts and p-values would give it back, so a small cell withholds every count-derived
    // figure of the row (only δ, τ and the number of pairs stay).
    const bool withheld = hide(double(r.both)) || hide(double(r.space_only)) || hide(double(r.time_only)) ||
                          hide(double(r.neither));
    auto count = [&](std::uint64_t v) { return withheld ? nan : double(v); };
    auto value = [&](double v) { return withheld ? nan : v; };
    io::FeatureTable t("knox", io::GeometryKind::none);
    auto text = [&](const char* name, std::string v) { t.add_text(name, {std::optional<std::string>(std::move(v))}); };
    auto real = [&](const char* name, double v) { t.add_real(name, {v}); };
    text("steg", tag);
    text("grupp", group);
    real("avstand_m", distance);
    real("dagar", days);
    real("handelser", hide(double(r.events)) ? nan : double(r.events));
    real("par_totalt", hide(double(r.events)) ? nan : double(r.pairs));
    real("nara_bada", count(r.both));
    real("nara_rum", count(r.space_only));
    real("nara_tid", count(r.time_only));
    real("ingen", count(r.neither));
    real("forvantat_bada", value(r.expected_both));
    real("forvantat_rum", value(r.expected_space_only));
    real("forvantat_tid", value(r.expected_time_only));
    real("forvantat_ingen", value(r.expected_neither));
    real("knox_kvot", value(r.ratio));
    real("p_poisson_storre", value(r.p_poisson_greater));
    real("p_poisson_minst", value(r.p_poisson_at_least));
    t.add_integer("permutationer", {std::int64_t(r.permutations)});
    t.add_integer("seed", {static_cast<std::int64_t>(seed)});
    real("p_sim", value(r.p_sim));
    real("p_sim_se", value(r.p_sim_se));
    real("sim_medel", value(r.sim_mean));
    real("sim_sd", value(r.sim_sd));
    text("anmarkning", withheld ? "parantal under " + std::to_string(suppress_below) + " redovisas inte" : "");
    out.append_rows("knox", t,
                    "Knox test: pairs of incidents close in space (d <= avstand_m) and time (calendar days <= dagar); "
                    "p_poisson_storre = P(X > nara_bada) as pointpats, p_poisson_minst = P(X >= nara_bada), "
                    "p_sim = (#permutations >= observed + 1) / (permutations + 1)");
    withhold_knox_against_near_repeat(out.publication());
    out.manifest_section("knox")[tag] = {{"group", group}, {"distance_m", distance}, {"days", days},
                                         {"permutations", r.permutations}, {"seed", seed}, {"withheld", withheld}};
}

}  // namespace trygg::pipeline
