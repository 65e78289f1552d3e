// SPDX-License-Identifier: MIT
#include <trygg/pipeline/period_table.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/published_count.hpp>

#include <set>

namespace trygg::pipeline {

void fill_period_rows(io::FeatureTable& t, const stats::AggregateResult& res, bool months_only)
{
    const auto& cov = res.coverage;
    const int latest = res.period_index("latest");
    using Text = std::vector<std::optional<std::string>>;
    using Ints = std::vector<std::optional<std::int64_t>>;
    Text period, data_from, data_to, range_kind;
    Ints complete, is_latest;
    for (std::size_t p = 0; p < res.periods.size(); ++p) {
        period.emplace_back(res.periods[p]);
        data_from.emplace_back(cov.known() ? std::optional<std::string>(stats::coverage_from_text(cov, months_only))
                                           : std::nullopt);
        data_to.emplace_back(cov.known() ? std::optional<std::string>(stats::coverage_to_text(cov, months_only))
                                         : std::nullopt);
        range_kind.emplace_back(!cov.known() ? "okänd" : cov.declared ? "angiven" : "uppmätt");
        complete.emplace_back(p < res.period_complete.size() ? res.period_complete[p] : 1);
        is_latest.emplace_back(static_cast<int>(p) == latest ? 1 : 0);
    }
    t.add_text("period", std::move(period));
    t.add_integer("fullstandig", std::move(complete));
    t.add_integer("senaste", std::move(is_latest));
    t.add_text("data_fran", std::move(data_from));
    t.add_text("data_till", std::move(data_to));
    t.add_text("data_omfang", std::move(range_kind));
}

void publish_period_coverage(Contribution& out, const stats::AggregateResult& res, bool months_only)
{
    const auto& cov = res.coverage;
    const int latest = res.period_index("latest");
    auto& t = out.table(out.tag() == "aggregate" ? "perioder" : "perioder_" + out.tag());
    t.description = "The periods of incident_counts: whether the data cover them wholly (fullstandig) "
                    "and which is the latest complete one (senaste); an incomplete period keeps its counts but is "
                    "never 'latest' by default";
    fill_period_rows(t, res, months_only);

    nlohmann::json incomplete = nlohmann::json::array();
    for (std::size_t p = 0; p < res.periods.size(); ++p)
        if (p < res.period_complete.size() && !res.period_complete[p])
            incomplete.push_back(res.periods[p]);
    auto& section = out.manifest_section("coverage")[out.tag()];
    section = {{"range", cov.declared ? "declared" : "measured"},
               {"incomplete_periods", incomplete},
               {"latest", latest < 0 ? nlohmann::json() : nlohmann::json(res.periods[static_cast<std::size_t>(latest)])},
               {"strays", months_only ? nlohmann::json(published_count(cov.strays.size(),
                                                                       res.options.suppress_below > 1
                                                                           ? res.options.suppress_below
                                                                           : 5))
                                      : nlohmann::json(cov.strays.size())}};
    if (cov.known()) {
        section["from"] = stats::coverage_from_text(cov, months_only);
        section["to"] = stats::coverage_to_text(cov, months_only);
    }
}

void note_coverage_in_descriptions(Publication& publication)
{
    const auto& sections = publication.manifest_sections();
    if (!sections.contains("coverage"))
        return;
    std::set<std::string> ranges;
    for (const auto& [tag, c] : sections["coverage"].items())
        if (c.contains("from") && c.contains("to"))
            ranges.insert(c["from"].get<std::string>() + " \u2013 " + c["to"].get<std::string>());
    if (ranges.size() != 1)
        return;
    for (auto& t : publication.tables()) {
        auto& d = t.table.description;
        if (!d.empty())
            d += std::string(d.back() == '.' ? "" : ".") + " Data: " + *ranges.begin() + ".";
    }
}

}  // namespace trygg::pipeline
