// SPDX-License-Identifier: MIT
#pragma once
// The change of a rate between two periods with an exact interval, so that noise is not
// reported as a trend. Conditional on the total a + b, the count of the later period is
// binomial with p = R·P_to / (P_from + R·P_to) (R the rate ratio); the Clopper–Pearson interval
// of p, turned back into R and scaled by the populations, is exact (conservative).
#include <optional>

namespace trygg::stats {

enum class ChangeOutcome { increase, decrease, uncertain, withheld, missing };

struct RateChange {
    // kvot = rate_to / rate_from; no value when the earlier count is 0 (infinite) or when
    // the outcome is withheld or missing.
    std::optional<double> ratio;
    std::optional<double> lower;  // 0 when the later count is 0
    std::optional<double> upper;  // none (infinite) when the earlier count is 0
    ChangeOutcome outcome = ChangeOutcome::missing;
};

// `count_from`/`count_to`: published counts (none = withheld); populations <= 0 or none: the
// ratio is of counts. Both counts 0: missing. increase: lower > 1; decrease: upper < 1.
RateChange rate_change(std::optional<long long> count_from, std::optional<long long> count_to,
                       std::optional<double> population_from, std::optional<double> population_to,
                       double confidence = 0.95);

// "okning", "minskning", "osaker", "undertryckt", "saknas" (the report input's words).
const char* outcome_id(ChangeOutcome outcome);

}  // namespace trygg::stats
