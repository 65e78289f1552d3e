// SPDX-License-Identifier: MIT
// near_repeat: the near-repeat table over distance × time bands (as Ratcliffe's Near Repeat
// Calculator): observed pairs per band, expected, Knox ratio and Monte Carlo p per band.
#include "knox.hpp"

#include "knox_disclosure.hpp"
#include "knox_events.hpp"
#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/publication.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace trygg::pipeline {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct NearRepeatOptions {
    SpaceTimeSettings common;
    stats::NearRepeatBands bands;
};

NearRepeatOptions parse_near_repeat_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    NearRepeatOptions k;
    k.common = parse_space_time_options(r);
    k.bands.distance_width = r.number("distance_band");
    k.bands.time_width = r.number("day_band");
    if (!(k.bands.distance_width > 0) || !(k.bands.time_width > 0))
        r.fail("\"distance_band\" and \"day_band\" must be positive");
    k.bands.distance_bands = r.integer<std::size_t>("distance_bands", 1, 100);
    k.bands.time_bands = r.integer<std::size_t>("day_bands", 1, 100);
    k.bands.same_location = r.boolean("same_location");
    return k;
}

std::string number_text(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}
}  // namespace

StageDescriptor NearRepeatStage::descriptor()
{
    std::vector<OptionSpec> options{
        {"distance_band", OptionType::number, 100.0, false,
         "Width of a distance band in metres; bands [0, w], (w, 2w], ... (upper edge inclusive)"},
        {"distance_bands", OptionType::integer, 5, false, "Number of distance bands (1-100)"},
        {"day_band", OptionType::number, 7.0, false,
         "Width of a time band in days; bands [0, v], (v, 2v], ... over calendar days (v = 7: days 0-7, 8-14, ...)"},
        {"day_bands", OptionType::integer, 4, false, "Number of time bands (1-100)"},
        {"same_location", OptionType::boolean, true, false,
         "Distance 0 as a band of its own (as the Near Repeat Calculator); the first band is then (0, w]"},
    };
    const auto shared = space_time_options();
    options.insert(options.end(), shared.begin(), shared.end());
    return {"near_repeat",
            "Near-repeat table: pairs of incidents per distance band x time band, expected under permuted times, "
            "Knox ratio and Monte Carlo p per band; rows of table 'nara_upprepning'",
            options,
            {{"assigned", true, "incidents assigned to districts (with coordinates and times)"}},
            "near_repeat"};
}

void NearRepeatStage::validate(const nlohmann::json& options, const ValidationContext& ctx) const
{
    (void)parse_near_repeat_options(options, ctx.tag);
}

std::shared_ptr<const Artifact> NearRepeatStage::run(StageContext& ctx) const
{
    const auto opts = parse_near_repeat_options(ctx.options(), ctx.tag());
    const auto assigned = ctx.input<AssignedArtifact>(0);
    const auto& inc = assigned->incidents->table;
    const int g = crime_group_index(ctx, inc, opts.common.group);
    if (inc.time.empty())
        ctx.fail_input("the incidents of '" + inc.source + "' have no time field (fields.time); near-repeat needs times");
    const auto events = space_time_events(*assigned, g, true);
    warn_if_places_are_shared(ctx, events);
    if (events.without_time > 0)
        ctx.warn(std::to_string(events.without_time) + " incidents without a time are left out of the near-repeat table",
                 "incidents without a time are left out of the near-repeat table");
    auto a = std::make_shared<NearRepeatArtifact>();
    a->tag = ctx.tag();
    a->group = opts.common.group;
    a->bands = opts.bands;
    const auto perm = space_time_permutations(ctx, opts.common);
    a->seed = perm.seed;
    a->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.common.suppress_below;
    a->result = stats::near_repeat(events.x, events.y, events.day, opts.bands, perm, &ctx.cancel());
    std::size_t significant = 0;
    for (const auto& c : a->result.cells)
        significant += c.p_upper <= 0.05 && c.ratio > 1 ? 1 : 0;
    ctx.info("near-repeat: " + std::to_string(a->result.events) + " incidents, " + std::to_string(significant) +
             " bands with more pairs than chance (p <= 0.05)");
    return a;
}

void NearRepeatArtifact::publish(Contribution& out, const RunSettings& /*settings*/) const
{
    io::FeatureTable t("nara_upprepning", io::GeometryKind::none);
    std::vector<std::optional<std::string>> steg, grupp, rum, tid;
    std::vector<double> d_lo, d_hi, t_lo, t_hi, obs, exp_, ratio, p_hi, p_lo, mean, sd;
    std::vector<std::optional<std::int64_t>> perms, seeds;
    auto hide = [&](double v) { return v > 0 && v < suppress_below; };
    for (const auto& c : result.cells) {
        steg.emplace_back(tag);
        grupp.emplace_back(group);
        const bool zero_row = bands.same_location && c.distance_band == 0;
        rum.emplace_back(zero_row ? std::string("0")
                                  : (c.distance_low == 0 && !bands.same_location ? "[" : "(") +
                                        number_text(c.distance_low) + ", " + number_text(c.distance_high) + "]");
        tid.emplace_back((c.time_band == 0 ? "[" : "(") + number_text(c.time_low) + ", " + number_text(c.time_high) + "]");
        d_lo.push_back(c.distance_low);
        d_hi.push_back(c.distance_high);
        t_lo.push_back(c.time_low);
        t_hi.push_back(c.time_high);
        // A small pair count is withheld with what gives it back (its ratio and p); the
        // expected count and the permutation distribution do not depend on it.
        const bool h = hide(double(c.observed));
        obs.push_back(h ? nan : double(c.observed));
        exp_.push_back(c.expected);
        ratio.push_back(h ? nan : c.ratio);
        p_hi.push_back(h ? nan : c.p_upper);
        p_lo.push_back(h ? nan : c.p_lower);
        mean.push_back(c.sim_mean);
        sd.push_back(c.sim_sd);
        perms.emplace_back(result.permutations);
        seeds.emplace_back(static_cast<std::int64_t>(seed));
    }
    t.add_text("steg", std::move(steg));
    t.add_text("grupp", std::move(grupp));
    t.add_text("avstandsband", std::move(rum));
    t.add_text("tidsband", std::move(tid));
    t.add_real("avstand_fran_m", std::move(d_lo));
    t.add_real("avstand_till_m", std::move(d_hi));
    t.add_real("dagar_fran", std::move(t_lo));
    t.add_real("dagar_till", std::move(t_hi));
    t.add_real("observerat", std::move(obs));
    t.add_real("forvantat", std::move(exp_));
    t.add_real("knox_kvot", std::move(ratio));
    t.add_real("p_hog", std::move(p_hi));
    t.add_real("p_lag", std::move(p_lo));
    t.add_real("sim_medel", std::move(mean));
    t.add_real("sim_sd", std::move(sd));
    t.add_integer("permutationer", std::move(perms));
    t.add_integer("seed", std::move(seeds));
    out.append_rows("nara_upprepning", t,
                    "Near-repeat table: pairs of incidents per distance band (metres) x time band (calendar days), "
                    "bands (low, high] with the first from 0 inclusive; forvantat = exact permutation mean; "
                    "p_hog = (#permutations >= observed + 1) / (permutations + 1), p_lag likewise for <=");
    withhold_knox_against_near_repeat(out.publication());
    out.manifest_section("near_repeat")[tag] = {
        {"group", group},          {"distance_band_m", bands.distance_width}, {"distance_bands", bands.distance_bands},
        {"day_band", bands.time_width}, {"day_bands", bands.time_bands},    {"same_location", bands.same_location},
        {"permutations", result.permutations}, {"seed", seed}, {"incidents", hide(double(result.events)) ? nlohmann::json() : nlohmann::json(result.events)}};
}

}  // namespace trygg::pipeline
