// SPDX-License-Identifier: MIT
// Out-of-sample validation of the trygghetsanalys index: earlier periods against later ones.
#include "trygghetsanalys_validation.hpp"

#include <trygg/core/error.hpp>

#include <cmath>
#include <limits>

namespace trygg::pipeline {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

std::pair<std::string, std::string> validation_windows(const stats::AggregateResult& r, const std::string& split)
{
    std::vector<std::string> complete;
    for (std::size_t p = 0; p < r.periods.size(); ++p)
        if (p >= r.period_complete.size() || r.period_complete[p])
            complete.push_back(r.periods[p]);
    if (complete.size() < 2)
        throw core::PipelineError("\"validation\" needs at least two complete periods, the aggregate has " +
                                  std::to_string(complete.size()));
    std::size_t last_early = complete.size() / 2 - 1;
    if (split != "middle") {
        auto it = std::find(complete.begin(), complete.end(), split);
        if (it == complete.end() || it + 1 == complete.end())
            throw core::PipelineError("\"validation\": \"split\" '" + split +
                                      "' must be a complete period before the last one (" + complete.front() + " .. " +
                                      complete[complete.size() - 2] + ")");
        last_early = static_cast<std::size_t>(it - complete.begin());
    }
    return {complete.front() + ".." + complete[last_early], complete[last_early + 1] + ".." + complete.back()};
}

std::vector<ValidationRow> validate_index(const TrygghetsanalysArtifact& a, const std::string& early,
                                          const std::string& late, const factors::GoalIndexOptions& options,
                                          bool internal, const RateOverPeriods& rate_over)
{
    const auto n = a.districts->layer.size();
    // The index on the earlier periods: crime rates pooled over them, other indicators as they are.
    std::vector<IndicatorResult> early_results, late_results;
    for (const auto& r : a.indicators) {
        early_results.push_back(r.is_rate ? rate_over(r, early) : r);
        if (r.is_rate)
            late_results.push_back(rate_over(r, late));
    }
    const auto early_values = factors::index_values(early_results, n, internal);
    const auto early_index = factors::goal_index(early_values, n, options);
    // Published runs: rates as a reader of the published cells has them (withheld: missing).
    const auto late_values = factors::index_values(late_results, n, internal);

    std::vector<ValidationRow> rows;
    std::vector<double> late_sum(n, 0.0), early_sum(n, 0.0);
    bool any = false;
    std::size_t li = 0;
    for (std::size_t i = 0; i < a.indicators.size(); ++i) {
        const auto& r = a.indicators[i];
        if (!r.is_rate)
            continue;
        const auto& outcome = late_values[li++].raw;
        const auto& before = early_values[i].raw;
        if (r.def.weight > 0) {
            any = true;
            for (std::size_t d = 0; d < n; ++d) {
                late_sum[d] += outcome[d];
                early_sum[d] += before[d];
            }
        }
        const int g = r.def.goal - 1;
        if (early_index.indicator_count[g] == 0 || r.def.weight <= 0)
            continue;
        const auto name = "mal" + std::to_string(g + 1) + "_" + factors::goal_name(g + 1);
        rows.push_back({name, r.def.id, "index", early, late, factors::validate_ranking(early_index.score[g], outcome)});
        rows.push_back({name, r.def.id, "brottstakt", early, late, factors::validate_ranking(before, outcome)});
    }
    if (any) {
        // risk_total among the districts with every goal, as it is ranked.
        std::vector<double> overall(n, nan);
        for (std::size_t d = 0; d < n; ++d)
            if (early_index.goals_scored[d] == early_index.goals_in_run())
                overall[d] = early_index.overall[d];
        rows.push_back({"risk_total", "summa", "index", early, late, factors::validate_ranking(overall, late_sum)});
        rows.push_back({"risk_total", "summa", "brottstakt", early, late, factors::validate_ranking(early_sum, late_sum)});
    }
    return rows;
}

}  // namespace trygg::pipeline
