// SPDX-License-Identifier: MIT
// What an aggregate's coarser period lengths write: their counts (per reporting level too), their
// periods and how the finest periods nest in them.
#include <trygg/pipeline/aggregate_lengths.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/count_columns.hpp>
#include <trygg/pipeline/period_table.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>
#include <trygg/stats/period_lengths.hpp>

namespace trygg::pipeline {

namespace {

using Text = std::vector<std::optional<std::string>>;
using Ints = std::vector<std::optional<std::int64_t>>;

std::string counts_description(const AggregateArtifact& a, const AggregateLength& len, const std::string& level,
                               const std::string& finest_table)
{
    const auto& finest_kind = stats::period_kind_name(a.length);
    std::string d = "Incidents per district" + (level.empty() ? std::string() : " of level '" + level + "'") +
                    " × " + len.name + " × crime group × sex × age band, each " + len.name + " the sum of the " +
                    finest_kind + "s of " + finest_table + " inside it (periodindelning); rates use the population "
                    "of its year, change is against the previous " + len.name;
    if (a.result.options.cell_key_noise)
        return d + "; every count perturbed by cell-key noise on its own (-2..+2), so a sum need not equal its parts";
    return d + "; '..' marks withheld counts (one disclosure plan with every length and level: a withheld count "
               "cannot be had by differencing a longer period against the shorter ones)";
}

void publish_length_periods(Contribution& out, const AggregateLength& len, bool months_only)
{
    const auto& res = len.result;
    auto& t = out.table(out.tag() == "aggregate" ? "perioder_" + len.suffix
                                                   : "perioder_" + out.tag() + "_" + len.suffix);
    t.description = "The periods of incident_counts_" + len.suffix + " (" + len.name +
                    "s): whether the data cover them wholly (fullstandig: every shorter period inside it is "
                    "complete) and which is the latest complete one (senaste)";
    fill_period_rows(t, res, months_only);
}

nlohmann::json length_entry(const std::string& name, const std::string& table, const stats::AggregateResult& res)
{
    nlohmann::json periods = nlohmann::json::array(), incomplete = nlohmann::json::array();
    for (std::size_t p = 0; p < res.periods.size(); ++p) {
        periods.push_back(res.periods[p]);
        if (p < res.period_complete.size() && !res.period_complete[p])
            incomplete.push_back(res.periods[p]);
    }
    const int latest = res.period_index("latest");
    return {{"length", name},
            {"table", table},
            {"periods", periods},
            {"incomplete_periods", incomplete},
            {"latest", latest < 0 ? nlohmann::json() : nlohmann::json(res.periods[static_cast<std::size_t>(latest)])}};
}

}  // namespace

void publish_lengths(Contribution& out, const AggregateArtifact& a, bool months_only)
{
    if (a.lengths.empty())
        return;
    const auto& layer = a.assigned->districts->layer;
    nlohmann::json manifest = nlohmann::json::array();
    manifest.push_back(length_entry(stats::period_kind_name(a.length), "incident_counts", a.result));
    for (const auto& len : a.lengths) {
        const auto table = "incident_counts_" + len.suffix;
        auto& t = out.table(table);
        t.description = counts_description(a, len, "", "incident_counts");
        t.style_qml = style_qml("incident_counts");
        write_count_columns(t, len.result, layer);
        manifest.push_back(length_entry(len.name, table, len.result));
        for (std::size_t l = 0; l < a.levels.size(); ++l) {
            const auto& level = a.levels[l];
            auto& lt = out.table(level_table_name(level.name) + "_" + len.suffix);
            lt.description = counts_description(a, len, level.name, level_table_name(level.name));
            lt.style_qml = style_qml("incident_counts");
            write_count_columns(lt, len.level_results[l], level.districts->layer);
        }
        publish_length_periods(out, len, months_only);
    }
    auto& nest = out.table(out.tag() == "aggregate" ? "periodindelning" : "periodindelning_" + out.tag());
    nest.description = "Per period of incident_counts (the finest length), the period of each longer length "
                       "holding it: a longer period's count is the sum of its shorter periods' counts";
    Text period, length, parent;
    for (const auto& len : a.lengths)
        for (std::size_t p = 0; p < a.result.periods.size(); ++p) {
            period.emplace_back(a.result.periods[p]);
            length.emplace_back(len.name);
            parent.emplace_back(len.result.periods[static_cast<std::size_t>(len.period_parent[p])]);
        }
    nest.add_text("period", std::move(period));
    nest.add_text("periodlangd", std::move(length));
    nest.add_text("overordnad_period", std::move(parent));
    out.manifest_section("period_lengths") = {
        {"lengths", manifest},
        {"plan", a.level_report.withholds ? "one suppression plan over every length and level: a longer period's "
                                            "cell is the sum of its shorter periods' cells and none withheld can "
                                            "be had by differencing"
                                          : "nothing withheld"}};
}

}  // namespace trygg::pipeline
