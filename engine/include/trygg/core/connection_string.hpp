// SPDX-License-Identifier: MIT
#pragma once
// A database source written as a GDAL connection string ("PG:service=trygg"), and the one way
// any source is shown: without a password. Every place that echoes a source or a message that
// may quote one (messages, the manifest, rejects rows, the console) passes it through
// redact_source, so a password written by mistake is never repeated.
#include <string>
#include <string_view>

namespace trygg::core {

// True for a PostgreSQL source GDAL's PG driver opens ("PG:..."; the prefix in any case).
bool is_connection_string(std::string_view source);

// True when the connection string carries a password (a `password=` keyword, or a
// postgresql:// URI with user:password@).
bool has_password(std::string_view source);

// `text` with every `password=...` value (quoted or not, any case), the password of a
// postgresql:// URI and the value of the PGPASSWORD environment variable replaced by "***".
std::string redact_source(std::string_view text);

}  // namespace trygg::core
