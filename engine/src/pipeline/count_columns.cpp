// SPDX-License-Identifier: MIT
#include <trygg/pipeline/count_columns.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <cmath>
#include <optional>

namespace trygg::pipeline {

void write_count_columns(io::FeatureTable& t, const stats::AggregateResult& res, const core::DistrictLayer& layer)
{
    using Text = std::vector<std::optional<std::string>>;
    using Ints = std::vector<std::optional<std::int64_t>>;
    Text kod, namn, period, grupp, kon, alder, visning, saknas;
    Ints antal, undertryckt;
    std::vector<double> befolkning, per1000, perkm2, forandring, forandring_pct;
    for (const auto& c : res.cells) {
        const bool total = c.district < 0;
        kod.emplace_back(total ? "totalt" : layer.codes[static_cast<std::size_t>(c.district)]);
        namn.emplace_back(total ? "Hela området" : layer.names[static_cast<std::size_t>(c.district)]);
        period.emplace_back(res.periods[c.period]);
        grupp.emplace_back(res.groups[c.group]);
        kon.emplace_back(res.sex_labels[c.sex]);
        alder.emplace_back(res.age_labels[c.age]);
        // A group the source does not cover is missing: not 0, and not withheld (issue 15).
        const bool missing = stats::not_in_source(res, c);
        antal.emplace_back(c.suppressed || missing ? std::nullopt : std::optional<std::int64_t>(std::llround(c.count)));
        visning.emplace_back(c.suppressed ? ".."
                             : missing    ? std::string(stats::not_in_source_text)
                                          : std::to_string(static_cast<long long>(std::llround(c.count))));
        undertryckt.emplace_back(c.suppressed ? 1 : 0);
        saknas.emplace_back(missing ? std::optional<std::string>(stats::not_in_source_text) : std::nullopt);
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
    t.add_text("saknas_orsak", std::move(saknas));
    // The year whose population each row's rates use; only when the population has years
    // (without, one table serves every period and the column is left out).
    if (!res.population_year_of_period.empty() && res.population_year_of_period.front() != 0) {
        Ints befolkningsar;
        for (const auto& c : res.cells)
            befolkningsar.emplace_back(res.population_year_of_period[c.period]);
        t.add_integer("befolkningsar", std::move(befolkningsar));
    }
}

}  // namespace trygg::pipeline
