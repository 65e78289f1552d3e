// SPDX-License-Identifier: MIT
// assign: each incident to exactly one district (boundary rule in spatial/district_index.hpp),
// area-coded incidents by their code; everything else is accounted for as outside or not located.
#include "option_reader.hpp"
#include "spine_stages.hpp"
#include "streamed_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/core/text.hpp>
#include <trygg/core/warning_code.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/published_count.hpp>
#include <trygg/spatial/district_index.hpp>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <regex>

namespace trygg::pipeline {

namespace {

// The area system a code looks like, for the message when most codes match nothing.
std::string area_system_of(const std::string& code)
{
    static const std::regex deso("[0-9]{4}[A-C][0-9]{4}"), regso("[0-9]{4}R[0-9]{3}");
    if (std::regex_match(code, deso))
        return "DeSO";
    if (std::regex_match(code, regso))
        return "RegSO";
    return "";
}

std::string percent(double part, double whole)
{
    char share[32];
    std::snprintf(share, sizeof share, "%.0f%%", 100.0 * part / whole);
    return share;
}

}  // namespace

StageDescriptor AssignStage::descriptor()
{
    return {"assign",
            "Assign incidents to districts (point in polygon, or by area code); count and list the rest",
            {{"max_outside_share", OptionType::number, 0.5, false,
              "Fail when more than this share of located incidents falls outside every district "
              "(a sign of swapped axes or a wrong CRS), or of area-coded incidents has a code that is "
              "no district code (a sign of another area system, e.g. DeSO codes against RegSO)"}},
            {{"incidents", true, "the incidents"}, {"districts", true, "the districts"}},
            "assigned"};
}

namespace {

// The one option of assign, checked once (validate and run both use it).
double parse_max_outside_share(const nlohmann::json& o, const std::string& tag)
{
    return OptionReader(o, tag).number("max_outside_share", 0.0, 1.0);
}

// Most located points outside every district is a wrong CRS or swapped axes, not data: fail.
void check_located(const StageContext& ctx, std::uint64_t located, std::uint64_t outside_located,
                   std::uint64_t swapped_inside, const core::DistrictLayer& layer, double max_outside_share)
{
    const auto located_d = static_cast<double>(located), outside_d = static_cast<double>(outside_located);
    if (located > 0 && outside_d > max_outside_share * located_d) {
        const auto share = percent(outside_d, located_d);
        std::string cause = swapped_inside * 2 > outside_located
                                ? "x and y look swapped (swapping them puts most of these points inside)"
                                : "lat/lon swapped or a wrong \"crs\" on the incidents";
        ctx.fail_data(core::coded(std::to_string(outside_located) + " of " + std::to_string(located) + " located incidents (" +
                          share + ") fall outside every district in '" + layer.source + "'; likely cause: " + cause,
                      {"mostly_outside",
                       {{"outside", std::to_string(outside_located)}, {"located", std::to_string(located)},
                        {"file", layer.source},
                        {"cause", swapped_inside * 2 > outside_located ? "xy_swapped" : "crs"}}}));
    }
    if (outside_located > 0)
        ctx.warn(core::coded_warning(
                     std::to_string(outside_located) + " located incidents fall outside every district (listed in rejects)",
                     {"outside_districts",
                      {{"count", std::to_string(outside_located)}, {"located", std::to_string(located)},
                       {"file", layer.source}}}),
                 published_count(outside_located) + " located incidents fall outside every district");
}

// Area codes that name no district: a warning with examples, or (most of them) another area
// system than the districts'. `unmatched_codes`: distinct, in order of first appearance.
void check_area_codes(const StageContext& ctx, std::uint64_t coded, std::uint64_t outside_coded,
                      const std::vector<std::string>& unmatched_codes, const core::DistrictLayer& layer,
                      double max_outside_share)
{
    if (outside_coded == 0)
        return;
    const auto coded_d = static_cast<double>(coded), outside_coded_d = static_cast<double>(outside_coded);
    std::string examples;
    for (std::size_t k = 0; k < unmatched_codes.size() && k < 3; ++k)
        examples += (k ? ", '" : "'") + core::shown_value(unmatched_codes[k]) + "'";
    examples += unmatched_codes.size() > 3 ? ", ..." : "";
    const std::string what = std::to_string(outside_coded) + " of " + std::to_string(coded) +
                             " area-coded incidents (" + percent(outside_coded_d, coded_d) + ", " +
                             std::to_string(unmatched_codes.size()) +
                             (unmatched_codes.size() == 1 ? " distinct code: " : " distinct codes: ") + examples +
                             ") have a code that is no district code in '" + layer.source + "'";
    if (outside_coded_d > max_outside_share * coded_d) {
        const auto& sample = unmatched_codes.front();
        const std::string district_sample = layer.codes.empty() ? "" : layer.codes.front();
        const auto theirs = area_system_of(sample), ours = area_system_of(district_sample);
        ctx.fail_data(core::coded(what + "; the codes look like another area system: incident codes such as '" + sample + "'" +
                      (theirs.empty() ? "" : " (" + theirs + ")") + ", district codes such as '" + district_sample +
                          "'" + (ours.empty() ? "" : " (" + ours + ")") + "; use districts of the incidents' area system",
                      {"area_codes_unmatched",
                       {{"outside", std::to_string(outside_coded)}, {"coded", std::to_string(coded)},
                        {"file", layer.source}, {"incident_system", theirs}, {"district_system", ours}}}));
    }
    // Published without the codes: a code few incidents carry points at them.
    ctx.warn(core::coded_warning(what + "; counted as outside (listed in rejects)",
                                 {"area_codes_some_unmatched",
                                  {{"outside", std::to_string(outside_coded)}, {"coded", std::to_string(coded)},
                                   {"distinct", std::to_string(unmatched_codes.size())}, {"examples", examples},
                                   {"file", layer.source}}}),
             published_count(outside_coded) + " of " + std::to_string(coded) +
                 " area-coded incidents have a code that is no district code in '" + layer.source +
                 "'; counted as outside");
}

}  // namespace

void AssignStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_max_outside_share(o, ctx.tag);
}

DistrictAssigner::DistrictAssigner(const core::DistrictLayer& layer, core::RejectRows& rejects)
    : layer_(layer), rejects_(rejects), index_(layer.polygons)
{
    for (const auto& mp : layer.polygons)
        district_box_.expand(core::bounds(mp));
    located_outside_ = rejects_.codes("outside", "", "located outside every district", "located outside every district");
}

void DistrictAssigner::place(StageContext& ctx, const core::IncidentTable& t, std::vector<std::int32_t>& district,
                             core::IncidentTable* set_aside)
{
    district.assign(t.size(), -1);
    ctx.cancel().check();
    // Locate in chunks so progress and cancel stay responsive.
    const std::size_t n = t.size(), chunk = 1 << 20;
    for (std::size_t b = 0; b < n; b += chunk) {
        ctx.cancel().check();
        auto e = std::min(n, b + chunk);
        index_.locate_all(t.x.data() + b, t.y.data() + b, e - b, district.data() + b, ctx.settings().threads);
        if (!set_aside)  // a streamed count's reader reports the progress through the file
            ctx.progress(e, n);
    }

    std::vector<std::int32_t> code_to_district(t.area_codes.size(), -1);
    const auto code_index = layer_.code_index();
    for (std::size_t k = 0; k < t.area_codes.size(); ++k)
        if (auto it = code_index.find(t.area_codes[k]); it != code_index.end())
            code_to_district[k] = it->second;

    // Sized once: at 10M points a third may be outside, and growing this list by doubling
    // copied and faulted in its records several times over. (A streamed count's list grows
    // chunk by chunk: sized exactly each time, it would be copied whole for every chunk.)
    if (!set_aside) {
        std::size_t expected = 0;
        for (std::size_t i = 0; i < n; ++i)
            expected += t.status[i] != core::LocationStatus::located || district[i] < 0;
        rejects_.reserve_records(expected);
    }
    // A record set aside: named by its index in `t`, or (a streamed count, whose chunk is
    // dropped) by its row and id kept in `set_aside`.
    const auto reject = [&](std::size_t i, const core::RejectRows::Codes& codes) {
        if (!set_aside)
            return rejects_.add_record(i, codes);
        set_aside->source_row.push_back(t.source_row[i]);
        if (!t.id.empty())
            set_aside->id.push_back(t.id_view(i));
        rejects_.add_record(set_aside->source_row.size() - 1, codes);
    };
    for (std::size_t i = 0; i < n; ++i) {
        auto& d = district[i];
        switch (t.status[i]) {
        case core::LocationStatus::located:
            ++located_;
            if (d < 0) {
                ++outside_located_;
                if (district_box_.contains({t.y[i], t.x[i]}))
                    ++swapped_inside_;
                reject(i, located_outside_);
                ++moved_outside_;
            }
            break;
        case core::LocationStatus::area_code: {
            const auto k = static_cast<std::size_t>(t.area_code[i]);
            d = code_to_district[k];
            ++coded_;
            if (d < 0) {
                ++outside_coded_;
                const auto& code = t.area_codes[k];
                auto it = unmatched_code_rejects_.find(code);
                if (it == unmatched_code_rejects_.end()) {
                    unmatched_codes_.push_back(code);
                    it = unmatched_code_rejects_
                             .emplace(code, rejects_.codes("outside", "",
                                                           "area code '" + core::shown_value(code) +
                                                               "' is not a district code",
                                                           "area code is no district code"))
                             .first;
                }
                reject(i, it->second);
                ++moved_outside_;
            }
            break;
        }
        case core::LocationStatus::not_located: {
            d = -1;
            const bool geocoded = i < t.not_located_reason.size() && !t.not_located_reason[i].empty();
            const bool address = i < t.address.size() && !t.address[i].empty();
            const std::string reason = geocoded ? t.not_located_reason[i]
                                       : address ? "only an address (not geocoded)"
                                                 : "no location (no x/y, lon/lat, area code or address)";
            const std::string category =
                geocoded ? (i < t.not_located_category.size() && !t.not_located_category[i].empty()
                                ? t.not_located_category[i]
                                : std::string("not geocoded"))
                : address ? "only an address (not geocoded)"
                          : "no location";
            reject(i, rejects_.codes("not_located", "", reason, category));
            break;
        }
        }
    }
}

RowAccounting DistrictAssigner::finish(StageContext& ctx, RowAccounting acc, double max_outside_share) const
{
    // The incidents' accounting, extended: records placed in no district move from used to
    // outside.
    acc.used -= moved_outside_;
    acc.outside += moved_outside_;
    ctx.manifest().record_accounting(ctx.tag(), acc);
    check_located(ctx, located_, outside_located_, swapped_inside_, layer_, max_outside_share);
    check_area_codes(ctx, coded_, outside_coded_, unmatched_codes_, layer_, max_outside_share);
    ctx.info(std::to_string(acc.used) + " incidents assigned to " + std::to_string(layer_.size()) + " districts");
    return acc;
}

double assign_max_outside_share(const StageContext& ctx) { return parse_max_outside_share(ctx.options(), ctx.tag()); }

std::shared_ptr<const Artifact> AssignStage::run(StageContext& ctx) const
{
    const double max_outside_share = parse_max_outside_share(ctx.options(), ctx.tag());
    auto incidents = ctx.input<IncidentsArtifact>(0);
    auto districts = ctx.input<DistrictsArtifact>(1);
    const auto& t = incidents->table;

    auto artifact = std::make_shared<AssignedArtifact>();
    artifact->incidents = incidents;
    artifact->districts = districts;
    // Outside / not located, in incident (= source) order; ids are read from the table, not copied.
    core::RejectRows own_rejects(&t);
    DistrictAssigner assigner(districts->layer, own_rejects);
    assigner.place(ctx, t, artifact->district, nullptr);
    // The reader's rejects are shared, not copied; the list keeps them in row order.
    artifact->rejects = core::RejectList(&t.rejects, std::move(own_rejects));
    artifact->accounting = assigner.finish(ctx, incidents->accounting, max_outside_share);
    return artifact;
}

}  // namespace trygg::pipeline
