// SPDX-License-Identifier: MIT
// Database sources of the read stages (issue 20): the pipeline may name a PostgreSQL/PostGIS
// table by a GDAL connection string, never with a password in it; the manifest records what
// was read (server, database, table, rows, a checksum of the content) instead of a file hash.
#include "spine_stages.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/io/database_source.hpp>
#include <trygg/pipeline/manifest.hpp>

namespace trygg::pipeline {

void require_database_source(const ValidationContext& ctx, const std::string& option, const std::string& source)
{
    if (core::has_password(source))
        throw core::PipelineError(ctx.tag + ": " + option + " '" + core::redact_source(source) +
                                  "' holds a password; give it in a PostgreSQL service file (PG:service=name, "
                                  "password in ~/.pgpass) or the PGPASSWORD environment variable, never in the "
                                  "pipeline");
}

void record_database_provenance(StageContext& ctx, const std::string& source, const std::string& table)
{
    if (!core::is_connection_string(source))
        return;
    const auto p = io::database_provenance(source, table);
    ctx.manifest().record_database_input(ctx.tag(), source,
                                         {{"server", p.server},
                                          {"database", p.database},
                                          {"server_version", p.server_version},
                                          {"table", p.table},
                                          {"rows", p.rows},
                                          {"content_md5", p.content_md5},
                                          {"content_md5_of", p.content_md5_of}});
    ctx.info("read " + std::to_string(p.rows) + " rows of " + p.table + " in database " + p.database + " on " +
             p.server + " (content md5 " + p.content_md5 + ")");
}

}  // namespace trygg::pipeline
