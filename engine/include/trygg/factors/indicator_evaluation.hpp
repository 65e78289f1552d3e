// SPDX-License-Identifier: MIT
#pragma once
// One catalogue indicator's per-district value computed from the data its source stage gives:
// a crime rate from an aggregate (pooled periods, rate ratio against the municipal rate with
// exact Poisson intervals, women/men), or a table column (or "a/b" ratio, each side a sum
// "a+b") normalised per 1,000 inhabitants or per km² as the catalogue says.
#include <trygg/core/area_table.hpp>
#include <trygg/core/district_layer.hpp>
#include <trygg/factors/goal_index.hpp>
#include <trygg/factors/indicator_catalogue.hpp>
#include <trygg/stats/aggregate.hpp>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace trygg::factors {

// One catalogue indicator as computed for the districts.
struct IndicatorResult {
    Indicator def;
    std::string source_file;             // the file behind the stage tag
    std::vector<double> raw;             // per district (NaN: missing)
    // Crime-rate indicators: pooled count, expected count at the municipal rate, rate ratio.
    bool is_rate = false;
    std::vector<double> count, expected, ratio, ratio_low, ratio_high;
    std::vector<char> suppressed;        // count below the suppression threshold (published runs)
    std::vector<double> women, men;      // per district, when the source has them (else empty)
    double municipal = std::numeric_limits<double>::quiet_NaN();  // municipal rate / mean
    double municipal_women = std::numeric_limits<double>::quiet_NaN();
    double municipal_men = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> coverage;        // reallocation coverage of the source table (else empty)
    // Crime rates in published runs: 1 where the district's pooled count is withheld and `raw`,
    // `ratio` rest on the estimate a reader can make from the published cells
    // (published_pooled_count.hpp) instead of the true count; the interval is then left empty.
    std::vector<char> estimated;
};

// What the indicator's source stage provides: a table, or an aggregate of incidents.
struct IndicatorSource {
    const core::AreaTable* table = nullptr;
    const stats::AggregateResult* aggregate = nullptr;
    std::string incidents_file;  // the incident register behind `aggregate`
};

struct IndicatorOptions {
    std::string period = "all";  // crime rates pooled over: all, latest, a year, a period label, "first..last"
    double confidence = 0.95;    // of the rate-ratio intervals
    bool internal = false;       // privacy "internal": nothing withheld
};

// Either a result, or the reason the indicator is left out ("id: reason"); `warning` is set
// when the reader should be warned, not only told.
struct IndicatorOutcome {
    std::optional<IndicatorResult> result;
    std::string unavailable;
    std::string warning;
};

// `population` per district (NaN unknown) for per_1000 indicators. Throws core::InputError
// when the catalogue and the source do not fit (a missing column or group, a rate on a table,
// a period that matches nothing) and core::DataError for a table with a key twice.
IndicatorOutcome evaluate_indicator(const Indicator& indicator, const IndicatorSource& source,
                                    const core::DistrictLayer& districts, const std::vector<double>& population,
                                    const IndicatorOptions& options);

// The indicators' values as the goal index takes them; in published runs a withheld value is
// missing to the index too (normalisation, ranks and goal scores), as it is to a reader.
std::vector<IndicatorValues> index_values(const std::vector<IndicatorResult>& indicators, std::size_t districts,
                                          bool internal);

}  // namespace trygg::factors
