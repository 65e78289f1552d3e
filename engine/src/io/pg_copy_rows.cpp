// SPDX-License-Identifier: MIT
#include "pg_copy_rows.hpp"

#include "pg_connection.hpp"

#include <trygg/core/area_table.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/io/database_source.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>

namespace trygg::io::detail {

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

using Md5 = std::array<unsigned char, 16>;

Md5 md5_of(std::string_view text)
{
    Md5 digest{};
    unsigned length = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_md5(), nullptr);
    return digest;
}

// md5 of the rows' md5s as lowercase hex, concatenated in sorted order. Sorting the digests'
// bytes gives the order of their hex texts ('0'-'9' sort before 'a'-'f').
std::string checksum_of_rows(std::vector<Md5>& rows)
{
    std::sort(rows.begin(), rows.end());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr);
    for (const auto& r : rows) {
        const auto hex = core::to_hex(r.data(), r.size());
        EVP_DigestUpdate(ctx.get(), hex.data(), hex.size());
    }
    Md5 digest{};
    unsigned length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
    return core::to_hex(digest.data(), length);
}

// One line of COPY's text format into its cells: tab-separated, \N for NULL (given as ""),
// backslash escapes (\b \f \n \r \t \v \\, octal \ooo, hex \xhh) decoded.
void split_copy_text_line(std::string_view line, std::vector<std::string>& cells)
{
    cells.clear();
    if (!line.empty() && line.back() == '\n')
        line.remove_suffix(1);
    if (line.find('\\') == std::string_view::npos) {  // nothing escaped, no NULL: the cells as they are
        for (std::size_t start = 0;;) {
            const auto tab = line.find('\t', start);
            cells.emplace_back(line.substr(start, tab == std::string_view::npos ? line.size() - start : tab - start));
            if (tab == std::string_view::npos)
                return;
            start = tab + 1;
        }
    }
    std::string cell;
    bool null = false;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '\t') {
            cells.push_back(null ? std::string() : std::move(cell));
            cell.clear();
            null = false;
            continue;
        }
        const char c = line[i];
        if (c != '\\' || i + 1 >= line.size()) {
            cell += c;
            continue;
        }
        const char e = line[++i];
        switch (e) {
        case 'N': null = true; break;
        case 'b': cell += '\b'; break;
        case 'f': cell += '\f'; break;
        case 'n': cell += '\n'; break;
        case 'r': cell += '\r'; break;
        case 't': cell += '\t'; break;
        case 'v': cell += '\v'; break;
        case 'x': {
            int v = 0, digits = 0;
            while (digits < 2 && i + 1 < line.size() && hex_value(line[i + 1]) >= 0)
                v = v * 16 + hex_value(line[++i]), ++digits;
            if (digits)
                cell += static_cast<char>(v);
            else
                cell += 'x';
            break;
        }
        default:
            if (is_octal(e)) {
                int v = e - '0', digits = 1;
                while (digits < 3 && i + 1 < line.size() && is_octal(line[i + 1]))
                    v = v * 8 + (line[++i] - '0'), ++digits;
                cell += static_cast<char>(v);
            } else {
                cell += e;  // \\ and any other character stand for themselves
            }
        }
    }
}

}  // namespace

void copy_table_rows(const std::string& source, const CopyTable& table,
                     const std::function<void(std::uint64_t fid, std::vector<std::string>& cells,
                                              const std::optional<core::Point>& point)>& row)
{
    PgConnection c(source, false);
    std::string select = "SELECT " + c.quote_identifier(table.fid_column);
    for (const auto& f : table.fields)
        select += ", " + c.quote_identifier(f) + "::text";
    if (!table.geometry_column.empty()) {
        // One point per row: a POINT (EMPTY gives NULL), or a MULTIPOINT of one, as the GDAL
        // path reads them.
        const auto g = c.quote_identifier(table.geometry_column);
        const auto one = table.multipoint ? "CASE WHEN ST_NumGeometries(t." + g + ") = 1 THEN ST_GeometryN(t." + g +
                                                ", 1) END"
                                          : "t." + g;
        select += ", ST_X(" + one + "), ST_Y(" + one + ")";
    }
    // No ORDER BY: the rows come in the table's physical order, as GDAL's driver returned them.
    select += " FROM " + quoted_table_name(table.table) + " AS t";
    const std::string what = "cannot read " + table.table;
    {
        std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), ("COPY (" + select + ") TO STDOUT").c_str()),
                                                        &PQclear);
        if (PQresultStatus(r.get()) != PGRES_COPY_OUT)
            throw core::InputError("'" + c.shown() + "': " + what + ": " + first_line(PQerrorMessage(c.get())));
    }
    const std::size_t nf = table.fields.size();
    std::vector<std::string> cells, out;
    std::vector<Md5> row_md5s;
    for (;;) {
        char* buffer = nullptr;
        const int n = PQgetCopyData(c.get(), &buffer, 0);
        if (n == -1)
            break;  // done
        if (n < 0)
            throw core::InputError("'" + c.shown() + "': " + what + ": " + first_line(PQerrorMessage(c.get())));
        std::unique_ptr<char, decltype(&PQfreemem)> hold(buffer, &PQfreemem);
        split_copy_text_line(std::string_view(buffer, static_cast<std::size_t>(n)), cells);
        const std::size_t want = 1 + nf + (table.geometry_column.empty() ? 0 : 2);
        if (cells.size() != want)
            throw core::InputError("'" + c.shown() + "': " + what + ": a COPY row has " + std::to_string(cells.size()) +
                                   " columns, expected " + std::to_string(want));
        // The provenance checksum (database_provenance): each row's line as received, hashed
        // here; the sorted hashes are hashed below, so the order of the rows does not matter.
        row_md5s.push_back(md5_of(std::string_view(buffer, static_cast<std::size_t>(n))));
        std::uint64_t fid = 0;
        std::from_chars(cells[0].data(), cells[0].data() + cells[0].size(), fid);
        out.assign(std::make_move_iterator(cells.begin() + 1), std::make_move_iterator(cells.begin() + 1 + nf));
        std::optional<core::Point> point;
        if (!table.geometry_column.empty()) {
            const auto x = core::parse_number(cells[1 + nf]), y = core::parse_number(cells[2 + nf]);
            if (x && y)
                point = core::Point{*x, *y};
        }
        row(fid, out, point);
    }
    std::unique_ptr<PGresult, decltype(&PQclear)> done(PQgetResult(c.get()), &PQclear);
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK)
        throw core::InputError("'" + c.shown() + "': " + what + ": " + first_line(PQerrorMessage(c.get())));
    while (std::unique_ptr<PGresult, decltype(&PQclear)>(PQgetResult(c.get()), &PQclear))
        ;
    const auto rows = row_md5s.size();
    remember_table_checksum(source, table.table, rows, checksum_of_rows(row_md5s));
}

}  // namespace trygg::io::detail
