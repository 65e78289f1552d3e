// SPDX-License-Identifier: MIT
#pragma once
// The artifacts of the spine stages. Other modules define their own artifacts beside their
// stages; these are the ones most stages consume.
#include <trygg/core/area_table.hpp>
#include <trygg/core/district_layer.hpp>
#include <trygg/core/incident_table.hpp>
#include <trygg/core/reject_list.hpp>
#include <trygg/pipeline/aggregate_lengths.hpp>
#include <trygg/pipeline/aggregate_levels.hpp>
#include <trygg/pipeline/artifact.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/stats/aggregate.hpp>

#include <memory>
#include <vector>

namespace trygg::pipeline {

// kind "districts": read.districts. Publishes its layer (geometry, kod, namn, area_km2); the
// writer names it (`delomraden` for the analysis districts, else `omraden_<layer>`), and every
// artifact computed on these districts publishes its columns keyed to this object.
struct DistrictsArtifact : Artifact {
    core::DistrictLayer layer;
    // The layer's default QGIS style.
    std::string style_qml() const;
    std::string kind() const override { return "districts"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

// kind "incidents": read.incidents (and geocode, which returns an updated copy sharing the
// columns it does not change; see core/shared_column.hpp). Publishes
// nothing itself: rejects and (internal runs) incident points come with the assignment.
struct IncidentsArtifact : Artifact {
    core::IncidentTable table;
    // Where the source's rows went, counted once by the reader; later stages extend it by the
    // rows they move between buckets instead of recounting.
    RowAccounting accounting;
    std::string kind() const override { return "incidents"; }
};

// kind "table": read.table.
struct TableArtifact : Artifact {
    core::AreaTable table;
    // Publication mode: rows whose values rest on withheld counts (a smoothed rate of a small
    // count). Statistics on such a table publish classes only (stats_variable.hpp).
    std::size_t withheld_rows = 0;
    std::string kind() const override { return "table"; }
};

// kind "assigned": incidents with their district. Publishes the `rejects` table and, in
// internal runs, the `incidents` point layer (both record-level).
struct AssignedArtifact : Artifact {
    std::shared_ptr<const IncidentsArtifact> incidents;
    std::shared_ptr<const DistrictsArtifact> districts;
    std::vector<std::int32_t> district;     // per incident, -1 when not used
    core::RejectList rejects;               // reader rejects (shared) + not located + outside
    // A streamed count (streamed_count.hpp): the rows and ids of the records set aside, which
    // `rejects` names (the incident table then holds no record); null otherwise.
    std::shared_ptr<const core::IncidentTable> set_aside;
    RowAccounting accounting;               // the incidents' accounting with assign's moves
    std::string kind() const override { return "assigned"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
};

// kind "aggregate": counts and rates. Publishes `incident_counts`, the "disclosure" manifest
// section and latest-period key figures keyed to the assigned districts.
struct AggregateArtifact : Artifact {
    std::shared_ptr<const AssignedArtifact> assigned;
    stats::AggregateResult result;
    std::string kind() const override { return "aggregate"; }
    void publish(Contribution& out, const RunSettings& settings) const override;
    // Reporting levels (issue 15, aggregate_levels.hpp): coarser levels derived from these
    // districts under one disclosure plan with them, and the shares each level publishes.
    std::vector<AggregateLevel> levels;
    LevelReport level_report;
    // Several period lengths (issue 15, part periods, aggregate_lengths.hpp): the coarser lengths
    // beside `result`'s, finest first, under one disclosure plan with it; empty with one length.
    stats::PeriodKind length = stats::PeriodKind::half_year;  // `result`'s length
    std::vector<AggregateLength> lengths;
};

}  // namespace trygg::pipeline
