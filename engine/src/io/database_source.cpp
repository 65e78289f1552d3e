// SPDX-License-Identifier: MIT
#include "pg_connection.hpp"
#include "pg_copy_rows.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/io/database_source.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

namespace trygg::io {

namespace detail {

std::string first_line(const char* message)
{
    std::string text = message ? message : "";
    // libpq prefixes "connection to server at ... failed: " before the server's reason.
    for (const char* prefix : {"FATAL:", "ERROR:"}) {
        if (auto at = text.find(prefix); at != std::string::npos) {
            const auto line_start = text.rfind('\n', at);
            const auto head = text.substr(line_start == std::string::npos ? 0 : line_start + 1,
                                          at - (line_start == std::string::npos ? 0 : line_start + 1));
            text = text.substr(at + std::string(prefix).size());
            if (head.find("failed:") != std::string::npos)
                text = head.substr(0, head.find("failed:") + 7) + " " + text;
        }
    }
    for (auto& c : text)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    std::string out;
    for (char c : text)
        if (!(c == ' ' && (out.empty() || out.back() == ' ')))
            out += c;
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return core::redact_source(out);
}

PgConnection::PgConnection(const std::string& source, bool for_output)
    : shown_(core::redact_source(source)), for_output_(for_output)
{
    conn_.reset(PQconnectdb(libpq_conninfo(source).c_str()));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
        auto why = first_line(conn_ ? PQerrorMessage(conn_.get()) : "out of memory");
        const bool password = why.find("password") != std::string::npos;
        fail("'" + shown_ + "': cannot connect: " + why +
             (password ? " (the password comes from the service file's ~/.pgpass or PGPASSWORD, never the pipeline)"
                       : ""));
    }
    // Messages, identifiers and text in UTF-8 whatever the server's default.
    PQsetClientEncoding(conn_.get(), "UTF8");
    // Server notices ("schema ... does not exist, skipping") are not the user's business.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
}

void PgConnection::fail(const std::string& message) const
{
    if (for_output_)
        throw core::OutputError(message);
    throw core::InputError(message);
}

void PgConnection::exec(const std::string& sql, const std::string& what) const
{
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_.get(), sql.c_str()), &PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail("'" + shown_ + "': " + what + ": " + first_line(PQerrorMessage(conn_.get())));
}

std::vector<std::vector<std::string>> PgConnection::query(const std::string& sql, const std::vector<std::string>& params,
                                                          const std::string& what) const
{
    std::vector<const char*> values;
    for (const auto& p : params)
        values.push_back(p.c_str());
    std::unique_ptr<PGresult, decltype(&PQclear)> r(
        PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                     nullptr, 0),
        &PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail("'" + shown_ + "': " + what + ": " + first_line(PQerrorMessage(conn_.get())));
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        auto& row = rows.emplace_back();
        for (int j = 0; j < PQnfields(r.get()); ++j)
            row.emplace_back(PQgetisnull(r.get(), i, j) ? "" : PQgetvalue(r.get(), i, j));
    }
    return rows;
}

std::string PgConnection::quote_identifier(const std::string& name) const
{
    char* q = PQescapeIdentifier(conn_.get(), name.c_str(), name.size());
    if (!q)
        fail("'" + shown_ + "': cannot quote the name '" + name + "'");
    std::string out(q);
    PQfreemem(q);
    return out;
}

std::string PgConnection::quote_literal(const std::string& value) const
{
    char* q = PQescapeLiteral(conn_.get(), value.c_str(), value.size());
    if (!q)
        fail("'" + shown_ + "': cannot quote a value");
    std::string out(q);
    PQfreemem(q);
    return out;
}

}  // namespace detail

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

namespace {
// The value of GDAL's own key `wanted` ("tables") in a connection string, unquoted; "" if absent.
std::string gdal_key(const std::string& source, const std::string& wanted)
{
    const auto at = source.find(wanted + "=");
    if (at == std::string::npos || (at > 0 && !is_blank(source[at - 1]) && source[at - 1] != ':'))
        return "";
    std::size_t i = at + wanted.size() + 1, end = i;
    while (end < source.size() && !is_blank(source[end]))
        ++end;
    auto value = source.substr(i, end - i);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
        value = value.substr(1, value.size() - 2);
    return value.substr(0, value.find(','));
}
}  // namespace

std::string libpq_conninfo(const std::string& source)
{
    std::string rest = core::is_connection_string(source) ? source.substr(3) : source;
    std::size_t b = 0;
    while (b < rest.size() && is_blank(rest[b]))
        ++b;
    rest = rest.substr(b);
    if (rest.rfind("postgresql://", 0) == 0 || rest.rfind("postgres://", 0) == 0)
        return rest;
    // key = value pairs; GDAL's own keys are dropped, the rest kept as written.
    std::string out;
    std::size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && is_blank(rest[i]))
            ++i;
        const std::size_t start = i;
        while (i < rest.size() && rest[i] != '=' && !is_blank(rest[i]))
            ++i;
        std::string key = rest.substr(start, i - start);
        while (i < rest.size() && is_blank(rest[i]))
            ++i;
        if (i < rest.size() && rest[i] == '=')
            ++i;
        while (i < rest.size() && is_blank(rest[i]))
            ++i;
        const std::size_t vstart = i;
        if (i < rest.size() && rest[i] == '\'') {
            ++i;
            while (i < rest.size() && rest[i] != '\'')
                i += rest[i] == '\\' ? 2 : 1;
            i = std::min(i + 1, rest.size());
        } else {
            while (i < rest.size() && !is_blank(rest[i]))
                ++i;
        }
        for (auto& c : key)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (key.empty() || key == "tables" || key == "schemas" || key == "active_schema")
            continue;
        out += (out.empty() ? "" : " ") + key + "=" + rest.substr(vstart, i - vstart);
    }
    return out;
}

void check_database_connection(const std::string& source) { detail::PgConnection(source, false); }

std::string quoted_table_name(const std::string& table)
{
    auto quote = [](const std::string& s) {
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    const auto dot = table.find('.');
    return dot == std::string::npos ? quote(table) : quote(table.substr(0, dot)) + "." + quote(table.substr(dot + 1));
}

namespace detail {

namespace {
std::mutex checksums_mutex;
std::map<std::pair<std::string, std::string>, TableChecksum> checksums;  // (source, table)
}  // namespace

void remember_table_checksum(const std::string& source, const std::string& table, std::uint64_t rows,
                             const std::string& content_md5)
{
    std::lock_guard lock(checksums_mutex);
    checksums[{source, table}] = {rows, content_md5};
}

std::optional<TableChecksum> remembered_table_checksum(const std::string& source, const std::string& table)
{
    std::lock_guard lock(checksums_mutex);
    const auto it = checksums.find({source, table});
    return it == checksums.end() ? std::nullopt : std::optional<TableChecksum>(it->second);
}

}  // namespace detail

DatabaseProvenance database_provenance(const std::string& source, const std::string& table)
{
    detail::PgConnection c(source, false);
    DatabaseProvenance p;
    const char* host = PQhost(c.get());
    const char* port = PQport(c.get());
    p.server = std::string(host ? host : "") + ":" + (port ? port : "");
    p.database = PQdb(c.get()) ? PQdb(c.get()) : "";
    p.user = PQuser(c.get()) ? PQuser(c.get()) : "";
    p.server_version = std::to_string(PQserverVersion(c.get()) / 10000) + "." +
                       std::to_string(PQserverVersion(c.get()) % 10000);
    // No layer named: the one table of GDAL's "tables=" key.
    const auto read = table.empty() ? gdal_key(source, "tables") : table;
    if (read.empty())
        throw core::InputError("'" + c.shown() + "': name the table in \"layer\"");
    const auto name = quoted_table_name(read);
    // Read by COPY in this run: its rows were counted and hashed as they came (pg_copy_rows.hpp).
    if (const auto known = detail::remembered_table_checksum(source, read)) {
        const auto schema = c.query("SELECT current_schema()", {}, "cannot describe " + read);
        p.table = read.find('.') == std::string::npos ? schema[0][0] + "." + read : read;
        p.rows = known->rows;
        p.content_md5 = known->content_md5;
        p.content_md5_of = "each row as COPY sent it: the key, every field as text, x and y";
        return p;
    }
    const auto rows = c.query("SELECT current_schema(), count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), md5('')) "
                              "FROM (SELECT md5(t::text) AS h FROM " + name + " AS t) AS r",
                              {}, "cannot checksum " + read);
    p.table = read.find('.') == std::string::npos ? rows[0][0] + "." + read : read;
    p.rows = std::stoull(rows[0][1]);
    p.content_md5 = rows[0][2];
    p.content_md5_of = "row::text (geometry as hex EWKB)";
    return p;
}

}  // namespace trygg::io
