// SPDX-License-Identifier: MIT
// mantel: the standardized Mantel test over the located incidents of a group.
#include "mantel.hpp"

#include "knox_events.hpp"
#include "option_reader.hpp"

#include <trygg/pipeline/publication.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace trygg::pipeline {

namespace {

struct MantelStageOptions {
    SpaceTimeSettings common;
    stats::MantelOptions transform;
};

MantelStageOptions parse_mantel_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    MantelStageOptions m;
    m.common = parse_space_time_options(r);
    m.transform.space_constant = r.number("space_constant", 0.0);
    m.transform.space_power = r.number("space_power", -10.0, 10.0);
    m.transform.time_constant = r.number("time_constant", 0.0);
    m.transform.time_power = r.number("time_power", -10.0, 10.0);
    if (m.transform.space_power == 0 || m.transform.time_power == 0)
        r.fail("a power of 0 makes every transformed distance 1: give \"space_power\" and \"time_power\" other than 0");
    if ((m.transform.space_power < 0 && m.transform.space_constant == 0) ||
        (m.transform.time_power < 0 && m.transform.time_constant == 0))
        r.fail("a negative power needs a constant above 0 (two incidents at one place or on one day are at distance 0)");
    return m;
}

}  // namespace

StageDescriptor MantelStage::descriptor()
{
    std::vector<OptionSpec> options{
        {"space_constant", OptionType::number, 1.0, false, "constant added to each distance in metres before the power"},
        {"space_power", OptionType::number, -1.0, false,
         "power of (distance + space_constant); -1, Mantel's reciprocal transformation, weights close pairs most"},
        {"time_constant", OptionType::number, 1.0, false, "constant added to each time difference in days before the power"},
        {"time_power", OptionType::number, -1.0, false, "power of (days apart + time_constant)"},
    };
    const auto shared = space_time_options();
    options.insert(options.end(), shared.begin(), shared.end());
    return {"mantel",
            "Standardized Mantel test for space-time interaction (Mantel 1967, as pointpats' spacetime.mantel): "
            "the correlation over all pairs of incidents of (metres apart + space_constant)^space_power and "
            "(days apart + time_constant)^time_power, with a Monte Carlo p (times permuted over locations; upper "
            "tail); a row of table 'mantel'. At most 5,000 incidents",
            options,
            {{"assigned", true, "incidents assigned to districts (with coordinates and times)"}},
            "mantel"};
}

void MantelStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_mantel_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> MantelStage::run(StageContext& ctx) const
{
    const auto opts = parse_mantel_options(ctx.options(), ctx.tag());
    const auto assigned = ctx.input<AssignedArtifact>(0);
    const auto& inc = assigned->incidents->table;
    const int g = crime_group_index(ctx, inc, opts.common.group);
    if (inc.time.empty())
        ctx.fail_input("the incidents of '" + inc.source + "' have no time field (fields.time); the Mantel test needs times");
    const auto events = space_time_events(*assigned, g, true);
    warn_if_places_are_shared(ctx, events);
    if (events.without_time > 0)
        ctx.warn(std::to_string(events.without_time) + " incidents without a time are left out of the Mantel test",
                 "incidents without a time are left out of the Mantel test");
    if (events.x.size() > stats::mantel_max_events)
        ctx.fail_data(std::to_string(events.x.size()) + " located incidents of group '" + opts.common.group +
                      "', the Mantel test takes at most " + std::to_string(stats::mantel_max_events) +
                      " (every pair is held in memory): choose a group, or a shorter range (read.incidents \"from\"/\"to\")");
    auto a = std::make_shared<MantelArtifact>();
    a->tag = ctx.tag();
    a->group = opts.common.group;
    a->transform = opts.transform;
    const auto perm = space_time_permutations(ctx, opts.common);
    a->seed = perm.seed;
    a->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.common.suppress_below;
    a->result = stats::mantel(events.x, events.y, events.day, opts.transform, perm, &ctx.cancel());
    ctx.info("Mantel: " + std::to_string(a->result.events) + " incidents, r = " + std::to_string(a->result.r) +
             ", p = " + std::to_string(a->result.p_sim));
    return a;
}

void MantelArtifact::publish(Contribution& out, const RunSettings& /*settings*/) const
{
    const auto& r = result;
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    // The statistic is a correlation over all pairs; only a small number of incidents (1 to
    // suppress_below - 1) is a count to protect, and with it everything computed from them.
    const bool withheld = r.events > 0 && r.events < static_cast<std::uint64_t>(std::max(suppress_below, 0));
    auto value = [&](double v) { return withheld ? nan : v; };
    io::FeatureTable t("mantel", io::GeometryKind::none);
    auto text = [&](const char* name, std::string v) { t.add_text(name, {std::optional<std::string>(std::move(v))}); };
    auto real = [&](const char* name, double v) { t.add_real(name, {v}); };
    text("steg", tag);
    text("grupp", group);
    real("handelser", value(double(r.events)));
    real("par_totalt", value(double(r.pairs)));
    real("konstant_rum", transform.space_constant);
    real("potens_rum", transform.space_power);
    real("konstant_tid", transform.time_constant);
    real("potens_tid", transform.time_power);
    real("mantel_r", value(r.r));
    t.add_integer("permutationer", {std::int64_t(r.permutations)});
    t.add_integer("seed", {static_cast<std::int64_t>(seed)});
    real("p_sim", value(r.p_sim));
    real("p_sim_se", value(r.p_sim_se));
    real("sim_medel", value(r.sim_mean));
    real("sim_sd", value(r.sim_sd));
    text("anmarkning", withheld ? "färre än " + std::to_string(suppress_below) + " händelser redovisas inte" : "");
    out.append_rows("mantel", t,
                    "Standardized Mantel test (Mantel 1967; pointpats spacetime.mantel): mantel_r = the correlation over "
                    "all pairs of (metres apart + konstant_rum)^potens_rum and (days apart + konstant_tid)^potens_tid; "
                    "p_sim = (#permutations with r >= mantel_r + 1) / (permutations + 1), times permuted over locations");
    out.manifest_section("mantel")[tag] = {{"group", group}, {"permutations", r.permutations}, {"seed", seed},
                                           {"withheld", withheld}};
}

}  // namespace trygg::pipeline
