// SPDX-License-Identifier: MIT
#pragma once
// Shared by the kde and grid_hotspots stages: which incidents go into which surface.
// A "selection" is one (crime group, period) pair; "alla" is the pseudo-group of every incident.
#include <trygg/core/geometry.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/stage.hpp>
#include <trygg/stats/aggregate.hpp>

#include <string>
#include <vector>

namespace trygg::pipeline {

struct HotspotSelection {
    std::string group;   // catalogue group name or "alla"
    std::string period;  // period label, or "<first>-<last>" for the whole range
    std::vector<double> x, y;
};

// Options shared by both stages (added to their descriptors).
std::vector<OptionSpec> hotspot_selection_options();

// Those options, parsed and checked once (the stages' validate and select_incidents use it).
struct HotspotSelectionOptions {
    std::vector<std::string> groups;  // empty: every catalogue group and "alla"
    std::string period;               // all | each | latest | a label
    stats::PeriodKind period_kind{};
};
HotspotSelectionOptions parse_hotspot_selection_options(const nlohmann::json& options, const std::string& tag);

// The incidents inside the study area (assigned to a district), split by the `groups`,
// `period` and `period_kind` options. Fails with a stage-tagged message for unknown groups or
// periods.
// With `located_outside` (kde's "incidents": "located") every incident with coordinates counts,
// also one located outside every district (assign lists those among the rejects as "outside").
std::vector<HotspotSelection> select_incidents(const StageContext& ctx, const AssignedArtifact& assigned,
                                               bool located_outside = false);

// The study area: every district polygon, in the working CRS.
core::MultiPolygon study_area(const AssignedArtifact& assigned);

// "vald_2024H1" → safe in a file name.
std::string file_token(const std::string& s);

}  // namespace trygg::pipeline
