// SPDX-License-Identifier: MIT
#pragma once
// The trygghetsanalys' out-of-sample validation (option "validation"): the index built with
// the crime rates of the earlier complete periods, against the crime rates of the later ones,
// beside the plain earlier crime rate as a ranking (factors/index_validation.hpp).
#include "factors_stages.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trygg::pipeline {

// One indicator evaluated again with its crime rate pooled over `period` ("first..last").
using RateOverPeriods = std::function<IndicatorResult(const IndicatorResult&, const std::string& period)>;

// The earlier and later windows from the aggregate's complete periods and `split` (the last
// earlier period, or "middle"); throws core::PipelineError when they cannot be formed.
std::pair<std::string, std::string> validation_windows(const stats::AggregateResult& r, const std::string& split);

std::vector<ValidationRow> validate_index(const TrygghetsanalysArtifact& a, const std::string& early,
                                          const std::string& late, const factors::GoalIndexOptions& options,
                                          bool internal, const RateOverPeriods& rate_over);

}  // namespace trygg::pipeline
