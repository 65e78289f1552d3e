// SPDX-License-Identifier: MIT
#pragma once
// The events the space-time stages (knox, near_repeat, time_profile) use: incidents assigned
// to a district, with coordinates and a time, of one crime group ("alla": every incident).
#include "option_reader.hpp"

#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/permutation.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct SpaceTimeEvents {
    std::vector<double> x, y;
    std::vector<double> day;             // calendar day (days since 1970-01-01, Swedish time)
    std::vector<core::Minutes> time;     // the incident's time
    std::vector<std::uint8_t> has_clock; // 0: only a date was given
    std::vector<std::int32_t> district;  // index in the assigned districts
    std::size_t without_time = 0;        // in a district, of the group, but with no time
};

// Bit index of `group` in the incidents' catalogue, -1 for "alla"; fails naming the stage.
int crime_group_index(const StageContext& ctx, const core::IncidentTable& incidents, const std::string& group);

// `need_place`: drop incidents without coordinates (knox, near_repeat); time_profile counts
// incidents assigned by area code too.
SpaceTimeEvents space_time_events(const AssignedArtifact& assigned, int group, bool need_place);

// Warns when more than half of the events share their exact place with another: a feed that
// places events at a town's centroid (the police event feed) has no distances to analyse.
void warn_if_places_are_shared(const StageContext& ctx, const SpaceTimeEvents& events);

// Options shared by knox and near_repeat.
std::vector<OptionSpec> space_time_options();
struct SpaceTimeSettings {
    std::string group;
    std::uint32_t permutations = 999;
    std::uint64_t seed = 0;
    int suppress_below = 5;
};
SpaceTimeSettings parse_space_time_options(const OptionReader& r);
// Seed: the option, else the run's seed.
stats::PermutationOptions space_time_permutations(const StageContext& ctx, const SpaceTimeSettings& s);

}  // namespace trygg::pipeline
