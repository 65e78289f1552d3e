// SPDX-License-Identifier: MIT
// write.postgis: writes what a write.gpkg published (its GeoPackage: layers, tables, the run
// manifest, styles) into a PostgreSQL schema. Reading the written GeoPackage rather than the
// publication object guarantees the database holds exactly the published file: disclosure
// control, the release ledger and the internal file's separation all happened there. The
// write is atomic (io/postgis_writer.hpp): a temporary schema, then a swap in one transaction.
#include "write_postgis.hpp"
#include "spine_stages.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/io/postgis_writer.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/publication_artifact.hpp>

#include <csignal>
#include <cstdlib>

namespace trygg::pipeline {

StageDescriptor WritePostgisStage::descriptor()
{
    return {"write.postgis",
            "Write a write.gpkg's publication (layers, tables, manifest, QGIS styles) into a PostGIS schema "
            "(atomically: a temporary schema, then a swap in one transaction)",
            {{"connection", OptionType::string, nullptr, true,
              "The database as a GDAL connection string, e.g. \"PG:service=trygg\" (credentials from a PostgreSQL "
              "service file and ~/.pgpass, or the PG* environment variables; a password here is refused)"},
             {"schema", OptionType::string, nullptr, true,
              "The schema to (re)place, e.g. \"trygg_vasteras\": lower-case letters, digits and _, at most 40 "
              "characters; its previous version is replaced as a whole"}},
            {{"publication", true, "the write.gpkg whose GeoPackage is written (default: the last before it)"}},
            "postgis"};
}

namespace {

struct WritePostgisOptions {
    std::string connection, schema;
};

WritePostgisOptions parse_options(const nlohmann::json& o, const ValidationContext& ctx)
{
    WritePostgisOptions out{o["connection"].get<std::string>(), o["schema"].get<std::string>()};
    if (!core::is_connection_string(out.connection))
        throw core::PipelineError(ctx.tag + ": \"connection\" must be a PostgreSQL connection string starting "
                                            "with \"PG:\", e.g. \"PG:service=trygg\"");
    require_database_source(ctx, "connection", out.connection);
    if (!io::is_plain_schema_name(out.schema))
        throw core::PipelineError(ctx.tag + ": \"schema\" '" + out.schema +
                                  "' must be lower-case letters, digits and _ (not starting with a digit or pg_), "
                                  "at most 40 characters");
    return out;
}

struct PostgisArtifact : Artifact {
    std::string kind() const override { return "postgis"; }
};

}  // namespace

void WritePostgisStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_options(o, ctx);
}

std::shared_ptr<const Artifact> WritePostgisStage::run(StageContext& ctx) const
{
    const auto opts = parse_options(ctx.options(), ValidationContext{ctx.tag(), ctx.settings(), {}});
    const auto source = ctx.input<PublicationArtifact>(0);
    if (!source)
        throw core::PipelineError(ctx.tag() + ": needs a write.gpkg before it (it writes that publication)");
    io::PostgisWrite target{opts.connection, opts.schema};
    // TRYGG_TEST_KILL_AT=<step> kills the process with SIGKILL at that step of the write: the
    // tests' way to show a killed write leaves the previous schema intact.
    const char* kill_at = std::getenv("TRYGG_TEST_KILL_AT");
    target.checkpoint = [&ctx, kill_at](const std::string& step) {
        if (kill_at && step == kill_at)
            std::raise(SIGKILL);
        ctx.cancel().check();
    };
    io::PostgisWritten written;
    try {
        written = io::write_postgis(source->gpkg, target);
    } catch (const core::OutputError& e) {
        ctx.fail_output(e.what());
    }
    const auto shown = core::redact_source(opts.connection) + " schema=" + opts.schema;
    ctx.manifest().record_output(shown, "PostGIS schema");
    ctx.info("wrote " + std::to_string(written.tables.size()) + " tables and " + std::to_string(written.styles) +
             " styles to schema " + opts.schema + (written.replaced ? " (replacing its previous version)" : ""));
    return std::make_shared<PostgisArtifact>();
}

}  // namespace trygg::pipeline
