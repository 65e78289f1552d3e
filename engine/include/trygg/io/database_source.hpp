// SPDX-License-Identifier: MIT
#pragma once
// A PostgreSQL/PostGIS source named by a GDAL connection string ("PG:service=trygg"): the
// connection checked once with one clear line, and its provenance for the manifest (a
// database input has no file to hash: the server, database, table, row count and a checksum
// of the table's content stand for it). Credentials come from a service file or the PG*
// environment variables; nothing here ever returns a password.
#include <cstdint>
#include <string>

namespace trygg::io {

struct DatabaseProvenance {
    std::string server;    // host:port (or the socket folder) the connection reached
    std::string database;
    std::string user;
    std::string table;     // schema.table as read
    std::uint64_t rows = 0;
    // md5 over the md5 of each row's text, sorted, so the checksum depends on the content only,
    // not on the physical order of the rows. The row's text is what `content_md5_of` says: a
    // table read by COPY (points or no geometry) is hashed as it is read, each row as COPY sends
    // it; any other (polygons, through GDAL) as row::text, geometry as hex EWKB, in the server.
    std::string content_md5;
    std::string content_md5_of;
    std::string server_version;
};

// The libpq connection info of a GDAL PG connection string: without the "PG:" prefix and
// without GDAL's own keys (tables, schemas, active_schema).
std::string libpq_conninfo(const std::string& source);

// Connects once; a refused connection (wrong password, no server, no database) becomes one
// InputError line naming the source (redacted) and libpq's reason.
void check_database_connection(const std::string& source);

// The provenance of `table` ("schema.table" or "table") read from `source`.
DatabaseProvenance database_provenance(const std::string& source, const std::string& table);

// `table` ("schema.table" or "table") as a quoted SQL identifier ("schema"."table").
std::string quoted_table_name(const std::string& table);

}  // namespace trygg::io
