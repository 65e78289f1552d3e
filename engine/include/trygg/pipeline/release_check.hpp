// SPDX-License-Identifier: MIT
#pragma once
// The release ledger's checks: could a new publication be differenced against an earlier one?
// Refused (one line naming the earlier release) when, with k = suppress_below:
//  a. a period with the same extent was published from a different incident set;
//  b. the district layer differs from the earlier release's for an overlapping period and a
//     piece "old district A ∩ new district B" (A and B not holding the same incidents) holds
//     1..k-1 incidents in some cell (crime group × sex × age band, margins included);
//  c. a period overlaps an earlier one without being equal and the difference (incidents in
//     the new period but not the old, or in the old but not the new) holds 1..k-1 incidents
//     in some cell (district or the whole × crime group × sex × age band).
// Pieces are counted on this run's incidents; the old period's counts come from the ledger.
// The checks do not ask whether the plan also protects the difference: any such piece refuses.
#include <trygg/core/district_layer.hpp>
#include <trygg/core/incident_table.hpp>
#include <trygg/pipeline/release.hpp>

#include <optional>
#include <string>
#include <vector>

namespace trygg::pipeline {

// This run's incidents as the checks count them.
struct ReleaseIncidents {
    const core::IncidentTable* table = nullptr;
    const std::vector<std::int32_t>* district_of = nullptr;  // per incident; -1 not used
    const core::DistrictLayer* districts = nullptr;
    std::vector<int> age_bands;  // the aggregate's lower bounds
};

// Why `candidate` may not be published after `earlier`, naming the earlier release; nullopt
// when no check refuses it.
std::optional<std::string> check_release(const std::vector<Release>& earlier, const Release& candidate,
                                         const ReleaseIncidents& incidents);

}  // namespace trygg::pipeline
