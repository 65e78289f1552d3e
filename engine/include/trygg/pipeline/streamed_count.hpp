// SPDX-License-Identifier: MIT
#pragma once
// A streamed count (issue 20, bounded memory): when a pipeline's incidents are only counted -
// read.incidents -> assign -> aggregate, the incident records and the assigned points used by
// no other stage - the register can be read, assigned and counted a chunk at a time. This file
// decides from the planned pipeline whether that is so; anything it does not know to be safe
// keeps the full table (the answer is then "no", never an error).
#include <trygg/pipeline/pipeline.hpp>

#include <cstddef>
#include <optional>

namespace trygg::pipeline {

// The three stages a streamed count stands in for (indexes into the planned stages).
struct StreamedCountPlan {
    std::size_t read = 0, assign = 0, aggregate = 0;
};

// The stages whose incidents may be counted in chunks, or nullopt. Yes only when: the run
// publishes (an internal run writes the incident points); read.incidents reads a CSV file (not
// a database), its duplicates are dropped or kept (the policy "error" names the first
// differing field of two records, which chunks cannot compare) and there is no "freeze";
// exactly one assign reads those incidents and exactly one aggregate that assignment, with no
// reporting levels, one period length and suppression (cell-key noise keys on every record's
// id); and every other stage reading the incidents, the assignment or the aggregate is a writer
// (write.gpkg, write.postgis, write.report), which reads what they publish only.
std::optional<StreamedCountPlan> streamed_count_plan(const std::vector<PlannedStage>& stages,
                                                     const RunSettings& settings);

}  // namespace trygg::pipeline
