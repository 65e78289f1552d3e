// SPDX-License-Identifier: MIT
#include <trygg/stats/rate_change.hpp>

#include <boost/math/special_functions/beta.hpp>

namespace trygg::stats {

RateChange rate_change(std::optional<long long> count_from, std::optional<long long> count_to,
                       std::optional<double> population_from, std::optional<double> population_to,
                       double confidence)
{
    RateChange out;
    if (!count_from || !count_to) {
        out.outcome = ChangeOutcome::withheld;
        return out;
    }
    const auto a = static_cast<double>(*count_from);
    const auto b = static_cast<double>(*count_to);
    if (a < 0 || b < 0 || (a == 0 && b == 0) || !(confidence > 0 && confidence < 1))
        return out;  // missing
    // Rates need both populations; otherwise the ratio is of counts (scale 1).
    double scale = 1.0;  // P_from / P_to
    if (population_from && population_to && *population_from > 0 && *population_to > 0)
        scale = *population_from / *population_to;
    const double alpha = 1.0 - confidence;
    // Clopper–Pearson for p = b / (a + b): lower = Beta(alpha/2; b, a + 1), upper = Beta(1 - alpha/2; b + 1, a).
    const double p_lower = b > 0 ? boost::math::ibeta_inv(b, a + 1, alpha / 2) : 0.0;
    const double p_upper = a > 0 ? boost::math::ibeta_inv(b + 1, a, 1 - alpha / 2) : 1.0;
    out.lower = p_lower / (1 - p_lower) * scale;
    if (a > 0) {
        out.ratio = b / a * scale;
        out.upper = p_upper / (1 - p_upper) * scale;
    }
    if (*out.lower > 1)
        out.outcome = ChangeOutcome::increase;
    else if (out.upper && *out.upper < 1)
        out.outcome = ChangeOutcome::decrease;
    else
        out.outcome = ChangeOutcome::uncertain;
    return out;
}

const char* outcome_id(ChangeOutcome outcome)
{
    switch (outcome) {
    case ChangeOutcome::increase: return "okning";
    case ChangeOutcome::decrease: return "minskning";
    case ChangeOutcome::uncertain: return "osaker";
    case ChangeOutcome::withheld: return "undertryckt";
    case ChangeOutcome::missing: break;
    }
    return "saknas";
}

}  // namespace trygg::stats
