#pragma once
// The artifacts of the spine stages. Other modules define their own artifacts beside their
// stages; these are the ones most stages consume.
#include <trygg/core/area_table.hpp>
#include <trygg/core/district_layer.hpp>
#include <trygg/core/incident_table.hpp>
#include <trygg/core/reject_list.hpp>
#include <trygg/pipeline/artifact.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/stats/aggregate.hpp>

#include <memory>
#include <vector>

namespace trygg::pipeline {

// kind "districts": read.districts. Contributes the `delomraden` layer (kod, namn, area_km2).
struct DistrictsArtifact : Artifact {
    core::DistrictLayer layer;
    // "delomraden" for the analysis districts, else "omraden_<layer>" (see GeoPackageContent).
    std::string table_name(const io::GeoPackageContent& content) const;
    std::string kind() const override { return "districts"; }
    void contribute(io::GeoPackageContent& content, const RunSettings& settings) const override;
};

// kind "incidents": read.incidents (and geocode, which returns an updated copy).
// Contributes an `incidents` point layer only when privacy is internal.
struct IncidentsArtifact : Artifact {
    core::IncidentTable table;
    // Where the source's rows went, counted once by the reader; later stages extend it by the
    // rows they move between buckets instead of recounting.
    RowAccounting accounting;
    std::string kind() const override { return "incidents"; }
    void contribute(io::GeoPackageContent& content, const RunSettings& settings) const override;
};

// kind "table": read.table.
struct TableArtifact : Artifact {
    core::AreaTable table;
    // Publication mode: rows whose values rest on withheld counts (a smoothed rate of a small
    // count). Statistics on such a table publish classes only (stats_variable.hpp).
    std::size_t withheld_rows = 0;
    std::string kind() const override { return "table"; }
};

// kind "assigned": incidents with their district. Contributes the `rejects` table.
struct AssignedArtifact : Artifact {
    std::shared_ptr<const IncidentsArtifact> incidents;
    std::shared_ptr<const DistrictsArtifact> districts;
    std::vector<std::int32_t> district;     // per incident, -1 when not used
    core::RejectList rejects;               // reader rejects (shared) + not located + outside
    RowAccounting accounting;               // the incidents' accounting with assign's moves
    std::string kind() const override { return "assigned"; }
    void contribute(io::GeoPackageContent& content, const RunSettings& settings) const override;
};

// kind "aggregate": counts and rates. Contributes `incident_counts` and latest-period
// key figures on `delomraden`.
struct AggregateArtifact : Artifact {
    std::shared_ptr<const AssignedArtifact> assigned;
    stats::AggregateResult result;
    std::string kind() const override { return "aggregate"; }
    void contribute(io::GeoPackageContent& content, const RunSettings& settings) const override;
};

}  // namespace trygg::pipeline
