// SPDX-License-Identifier: MIT
// What an aggregate's reporting levels write: each coarser level's counts, the nesting and the
// published shares per level.
#include <trygg/pipeline/aggregate_levels.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/count_columns.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>

#include <cctype>
#include <cmath>
#include <limits>

namespace trygg::pipeline {

namespace {

using Text = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;

}  // namespace

std::string level_table_name(const std::string& level)
{
    std::string out = "incident_counts_";
    for (unsigned char ch : level)
        out += std::isalnum(ch) ? static_cast<char>(std::tolower(ch)) : '_';
    return out;
}

std::string share_name(const AggregateArtifact& aggregate, std::size_t i)
{
    const auto& report = aggregate.level_report;
    const std::size_t n = aggregate.levels.size() + 1, l = i % n, t = i / n;
    const auto level = l == 0 ? report.finest : aggregate.levels[l - 1].name;
    return report.lengths.empty() ? level : level + " \u00d7 " + report.lengths[t];
}

std::string share_table(const AggregateArtifact& aggregate, std::size_t i)
{
    const auto& report = aggregate.level_report;
    const std::size_t n = aggregate.levels.size() + 1, l = i % n, t = i / n;
    const auto base = l == 0 ? std::string("incident_counts") : level_table_name(aggregate.levels[l - 1].name);
    return t == 0 ? base : base + "_" + report.length_suffixes[t];
}

void publish_levels(Contribution& out, const AggregateArtifact& aggregate)
{
    const auto& lengths = aggregate.level_report.lengths;
    if (aggregate.levels.empty() && lengths.empty())
        return;
    const auto& finest = aggregate.assigned->districts->layer;
    const auto& report = aggregate.level_report;
    for (const auto& level : aggregate.levels) {
        auto& t = out.table(level_table_name(level.name));
        t.description = "Incidents per district of level '" + level.name + "' (" + level.districts->layer.source +
                        ") × period × crime group × sex × age band, counted from the districts of level '" +
                        report.finest + "' it holds; '..' marks withheld counts (one disclosure plan with "
                        "incident_counts: a published count here is the sum of published counts there)";
        t.style_qml = style_qml("incident_counts");
        write_count_columns(t, level.result, level.districts->layer);
    }

    if (!aggregate.levels.empty()) {
        auto& nest = out.table("nivaindelning");
        nest.description = "Per district of the finest level, the district of each coarser level holding it (the "
                           "one with most of its area) and the share of its area inside that district";
        Text kod, niva, overordnad;
        std::vector<double> andel;
        for (const auto& level : aggregate.levels)
            for (std::size_t d = 0; d < finest.size(); ++d) {
                kod.emplace_back(finest.codes[d]);
                niva.emplace_back(level.name);
                overordnad.emplace_back(level.districts->layer.codes[static_cast<std::size_t>(level.parent[d])]);
                andel.push_back(level.nested_share[d]);
            }
        nest.add_text("kod", std::move(kod));
        nest.add_text("niva", std::move(niva));
        nest.add_text("overordnad_kod", std::move(overordnad));
        nest.add_real("andel_inom", std::move(andel));
    }

    auto& shares = out.table("nivaer");
    shares.description = "Per reporting level (finest first) and crime group: the district cells that matter "
                         "(alla × alla, every period, true count not zero), how many are published and their "
                         "share; 'rekommenderad' marks the finest level publishing at least " +
                         std::to_string(static_cast<int>(std::lround(report.min_share * 100))) + " % of them";
    if (!lengths.empty())
        shares.description += "; with several period lengths one entry per level × length (periodlangd), every "
                              "level of the finest length first";
    Text s_niva, s_grupp, s_tabell, s_langd;
    Ints s_ordning, s_celler, s_publicerade, s_rek;
    std::vector<double> s_andel;
    nlohmann::json manifest_levels = nlohmann::json::array();
    const auto& groups = aggregate.result.groups;
    for (std::size_t l = 0; l < report.shares.size(); ++l) {
        // With several period lengths (part periods) an entry is a level at a length.
        const std::size_t n_levels = aggregate.levels.size() + 1;
        const auto name = l % n_levels == 0 ? report.finest : aggregate.levels[l % n_levels - 1].name;
        const auto table = share_table(aggregate, l);
        for (std::size_t g = 0; g < report.shares[l].size(); ++g) {
            const auto& s = report.shares[l][g];
            s_niva.emplace_back(name);
            if (!lengths.empty())
                s_langd.emplace_back(lengths[l / n_levels]);
            s_ordning.emplace_back(static_cast<std::int64_t>(l));
            s_tabell.emplace_back(table);
            s_grupp.emplace_back(g < groups.size() ? groups[g] : std::string("alla grupper"));
            s_celler.emplace_back(static_cast<std::int64_t>(s.cells));
            s_publicerade.emplace_back(static_cast<std::int64_t>(s.published));
            // No cell that matters (a group not in the source, or none counted): no share, not 100 %.
            s_andel.push_back(s.cells ? s.share() : std::numeric_limits<double>::quiet_NaN());
            s_rek.emplace_back(static_cast<int>(l) == report.recommended ? 1 : 0);
        }
        const auto& all = report.shares[l].back();
        manifest_levels.push_back({{"level", name},
                                   {"table", table},
                                   {"cells", all.cells},
                                   {"published", all.published},
                                   {"share_published", all.share()}});
        if (!lengths.empty())
            manifest_levels.back()["length"] = lengths[l / (aggregate.levels.size() + 1)];
    }
    shares.add_text("niva", std::move(s_niva));
    if (!lengths.empty())
        shares.add_text("periodlangd", std::move(s_langd));
    shares.add_integer("ordning", std::move(s_ordning));
    shares.add_text("tabell", std::move(s_tabell));
    shares.add_text("grupp", std::move(s_grupp));
    shares.add_integer("celler", std::move(s_celler));
    shares.add_integer("publicerade", std::move(s_publicerade));
    shares.add_real("andel_publicerade", std::move(s_andel));
    shares.add_integer("rekommenderad", std::move(s_rek));
    out.manifest_section("levels") = {
        {"levels", manifest_levels},
        {"recommend_share", report.min_share},
        {"recommended", report.recommended < 0
                            ? nlohmann::json(nullptr)
                            : nlohmann::json(share_name(aggregate, static_cast<std::size_t>(report.recommended)))},
        {"plan", report.withholds ? "one suppression plan over all levels: a coarser cell is withheld when a "
                                    "district cell inside it is"
                                  : "nothing withheld"}};
}

}  // namespace trygg::pipeline
