// SPDX-License-Identifier: MIT
#pragma once
// The parts of read.incidents, assign and aggregate that a streamed count
// (pipeline/streamed_count.hpp) runs a chunk of the register at a time; each stage's own run()
// is the same parts on the whole table, so both paths say and count the same.
#include "aggregate_coverage.hpp"

#include <trygg/core/district_layer.hpp>
#include <trygg/core/geometry.hpp>
#include <trygg/core/incident_table.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/spatial/district_index.hpp>
#include <trygg/stats/aggregate.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

// read.incidents on a CSV file in chunks of about `chunk_bytes`: each chunk's records (duplicates
// of earlier chunks already dropped) are given to `use` and dropped afterwards. The artifact's
// table keeps the description, the rejects and no record; its accounting is the whole file's.
std::shared_ptr<IncidentsArtifact> read_incidents_in_chunks(
    StageContext& ctx, std::size_t chunk_bytes, const std::function<void(const core::IncidentTable& chunk)>& use);

// assign: places records in the districts and lists those it sets aside (outside, not
// located) in `rejects`, one table or chunk after another; finish() says what it found.
class DistrictAssigner {
public:
    DistrictAssigner(const core::DistrictLayer& layer, core::RejectRows& rejects);
    // `district` becomes t's districts (-1: not used). A record set aside is named in `rejects`
    // by its index in `t` (which must outlive the list), or with `set_aside` (a chunk that is
    // dropped afterwards) by its row and id appended there.
    void place(StageContext& ctx, const core::IncidentTable& t, std::vector<std::int32_t>& district,
               core::IncidentTable* set_aside);
    // After the last table: `acc` with the records moved from used to outside (recorded in the
    // manifest), the checks (most located points outside: fail) and the messages.
    RowAccounting finish(StageContext& ctx, RowAccounting acc, double max_outside_share) const;

private:
    const core::DistrictLayer& layer_;
    core::RejectRows& rejects_;
    spatial::DistrictIndex index_;
    core::Box district_box_;
    core::RejectRows::Codes located_outside_;
    std::uint64_t located_ = 0, outside_located_ = 0, swapped_inside_ = 0, coded_ = 0, outside_coded_ = 0;
    std::uint64_t moved_outside_ = 0;
    std::vector<std::string> unmatched_codes_;  // distinct, in order of first appearance
    std::map<std::string, core::RejectRows::Codes, std::less<>> unmatched_code_rejects_;
};
// assign's "max_outside_share".
double assign_max_outside_share(const StageContext& ctx);

// aggregate: the options the counts are made with (AggregateCounter), before any input is read.
stats::AggregateOptions aggregate_count_options(const StageContext& ctx);
// The counts under the final options (`counted`: the population's columns found) and the
// population table (may be null).
using AggregateCount =
    std::function<stats::AggregateResult(const stats::AggregateOptions& counted, const core::AreaTable* population)>;
// What the coverage warnings say about the records counted.
using AggregateRecords = std::function<CoverageRecords(const stats::TimeCoverage& coverage)>;
// The aggregate stage around its count: population, checks, coverage and messages.
std::shared_ptr<AggregateArtifact> aggregate_counted(StageContext& ctx, std::shared_ptr<const AssignedArtifact> assigned,
                                                     const AggregateCount& count, const AggregateRecords& records);

}  // namespace trygg::pipeline
