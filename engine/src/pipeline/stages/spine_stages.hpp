// SPDX-License-Identifier: MIT
#pragma once
// The spine's stages: read.incidents, read.districts, read.table, assign, aggregate, write.gpkg.
#include <trygg/core/incident_table.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

struct ReadIncidentsStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct ReadDistrictsStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct ReadTableStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct AssignStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct AggregateStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

struct WriteGpkgStage : Stage {
    static StageDescriptor descriptor();
    void validate(const nlohmann::json& options, const ValidationContext& ctx) const override;
    std::shared_ptr<const Artifact> run(StageContext& ctx) const override;
};

// Where the rows of an incident source went, counted once when it is read: reader rejects by
// bucket, then each record as used (located or area-coded) or not located.
RowAccounting count_rows(const std::string& source, std::uint64_t rows, const core::IncidentTable& t);

// Shared by readers: a missing input file is reported before any data is read.
void require_file(const ValidationContext& ctx, const std::string& option, const nlohmann::json& value);

// Issue 20, database sources (database_input.cpp). A "PG:" connection string passes
// require_file to GDAL's PG driver, but one holding a password is refused (exit 3): the
// password belongs in a service file's ~/.pgpass or PGPASSWORD, never in a pipeline.
void require_database_source(const ValidationContext& ctx, const std::string& option, const std::string& source);
// For a database source, the manifest's input entry gets the server, database, table, row
// count and content checksum; a file source is left alone.
void record_database_provenance(StageContext& ctx, const std::string& source, const std::string& table);

}  // namespace trygg::pipeline
