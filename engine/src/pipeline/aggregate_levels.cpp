// What an aggregate's reporting levels write: each coarser level's counts, the nesting and the
// published shares per level.
#include <trygg/pipeline/aggregate_levels.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>

#include <cctype>
#include <cmath>

namespace trygg::pipeline {

namespace {

using Text = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;

// The columns of incident_counts (artifacts.cpp), for one level's result on its layer.
void write_counts(io::FeatureTable& t, const stats::AggregateResult& res, const core::DistrictLayer& layer)
{
    Text kod, namn, period, grupp, kon, alder, visning;
    Ints antal, undertryckt;
    std::vector<double> befolkning, per1000, perkm2, forandring, forandring_pct;
    for (const auto& c : res.cells) {
        const bool total = c.district < 0;
        const auto d = static_cast<std::size_t>(c.district);
        kod.emplace_back(total ? "totalt" : layer.codes[d]);
        namn.emplace_back(total ? "Hela området" : layer.names[d].empty() ? layer.codes[d] : layer.names[d]);
        period.emplace_back(res.periods[c.period]);
        grupp.emplace_back(res.groups[c.group]);
        kon.emplace_back(res.sex_labels[c.sex]);
        alder.emplace_back(res.age_labels[c.age]);
        antal.emplace_back(c.suppressed ? std::nullopt : std::optional<std::int64_t>(std::llround(c.count)));
        visning.emplace_back(c.suppressed ? ".." : std::to_string(std::llround(c.count)));
        undertryckt.emplace_back(c.suppressed ? 1 : 0);
        befolkning.push_back(c.population);
        per1000.push_back(c.rate_per_1000);
        perkm2.push_back(c.rate_per_km2);
        forandring.push_back(c.change);
        forandring_pct.push_back(c.change_pct);
    }
    t.add_text("kod", std::move(kod));
    t.add_text("namn", std::move(namn));
    t.add_text("period", std::move(period));
    t.add_text("grupp", std::move(grupp));
    t.add_text("kon", std::move(kon));
    t.add_text("aldersgrupp", std::move(alder));
    t.add_integer("antal", std::move(antal));
    t.add_text("antal_visning", std::move(visning));
    t.add_integer("undertryckt", std::move(undertryckt));
    t.add_real("befolkning", std::move(befolkning));
    t.add_real("per_1000", std::move(per1000));
    t.add_real("per_km2", std::move(perkm2));
    t.add_real("forandring", std::move(forandring));
    t.add_real("forandring_pct", std::move(forandring_pct));
}

}  // namespace

std::string level_table_name(const std::string& level)
{
    std::string out = "incident_counts_";
    for (unsigned char ch : level)
        out += std::isalnum(ch) ? static_cast<char>(std::tolower(ch)) : '_';
    return out;
}

void publish_levels(Contribution& out, const AggregateArtifact& aggregate)
{
    if (aggregate.levels.empty())
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
        write_counts(t, level.result, level.districts->layer);
    }

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

    auto& shares = out.table("nivaer");
    shares.description = "Per reporting level (finest first) and crime group: the district cells that matter "
                         "(alla × alla, every period, true count not zero), how many are published and their "
                         "share; 'rekommenderad' marks the finest level publishing at least " +
                         std::to_string(static_cast<int>(std::lround(report.min_share * 100))) + " % of them";
    Text s_niva, s_grupp, s_tabell;
    Ints s_ordning, s_celler, s_publicerade, s_rek;
    std::vector<double> s_andel;
    nlohmann::json manifest_levels = nlohmann::json::array();
    const auto& groups = aggregate.result.groups;
    for (std::size_t l = 0; l < report.shares.size(); ++l) {
        const auto name = l == 0 ? report.finest : aggregate.levels[l - 1].name;
        const auto table = l == 0 ? std::string("incident_counts") : level_table_name(name);
        for (std::size_t g = 0; g < report.shares[l].size(); ++g) {
            const auto& s = report.shares[l][g];
            s_niva.emplace_back(name);
            s_ordning.emplace_back(static_cast<std::int64_t>(l));
            s_tabell.emplace_back(table);
            s_grupp.emplace_back(g < groups.size() ? groups[g] : std::string("alla grupper"));
            s_celler.emplace_back(static_cast<std::int64_t>(s.cells));
            s_publicerade.emplace_back(static_cast<std::int64_t>(s.published));
            s_andel.push_back(s.share());
            s_rek.emplace_back(static_cast<int>(l) == report.recommended ? 1 : 0);
        }
        const auto& all = report.shares[l].back();
        manifest_levels.push_back({{"level", name},
                                   {"table", table},
                                   {"cells", all.cells},
                                   {"published", all.published},
                                   {"share_published", all.share()}});
    }
    shares.add_text("niva", std::move(s_niva));
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
        {"recommended", report.recommended < 0 ? nlohmann::json(nullptr)
                                               : nlohmann::json(report.recommended == 0
                                                                    ? report.finest
                                                                    : aggregate.levels[static_cast<std::size_t>(
                                                                          report.recommended - 1)].name)},
        {"plan", report.withholds ? "one suppression plan over all levels: a coarser cell is withheld when a "
                                    "district cell inside it is"
                                  : "nothing withheld"}};
}

}  // namespace trygg::pipeline
