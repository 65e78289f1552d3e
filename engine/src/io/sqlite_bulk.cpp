// SPDX-License-Identifier: MIT
#include "sqlite_bulk.hpp"

#include <trygg/core/error.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace trygg::io::detail {

namespace {

std::string quoted(const std::string& identifier)
{
    std::string out = "\"";
    for (char c : identifier)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

class Db {
public:
    Db(const std::filesystem::path& file, const std::filesystem::path& shown) : shown_(shown)
    {
        if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
            fail("cannot reopen for writing");
    }
    ~Db() { sqlite3_close_v2(db_); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    [[noreturn]] void fail(const std::string& what) const
    {
        throw core::OutputError(shown_.string() + ": " + what + " (" + (db_ ? sqlite3_errmsg(db_) : "sqlite") + ")");
    }
    void exec(const std::string& sql) const
    {
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            fail("cannot write");
    }
    using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;
    Statement prepare(const std::string& sql) const
    {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
            fail("cannot prepare '" + sql.substr(0, 80) + "'");
        return {s, sqlite3_finalize};
    }

private:
    sqlite3* db_ = nullptr;
    std::filesystem::path shown_;
};

// Binds a generated row's values to consecutive parameters of a statement.
class BindSink final : public RowSink {
public:
    BindSink(sqlite3_stmt* s, int first) : s_(s), p_(first) {}
    int next() const { return p_; }
    void null() override { sqlite3_bind_null(s_, p_++); }
    void integer(std::int64_t value) override { sqlite3_bind_int64(s_, p_++, value); }
    void real(double value) override
    {
        if (std::isfinite(value))
            sqlite3_bind_double(s_, p_, value);
        else
            sqlite3_bind_null(s_, p_);
        ++p_;
    }
    void text(std::string_view value) override
    {
        sqlite3_bind_text(s_, p_++, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    }

private:
    sqlite3_stmt* s_;
    int p_;
};

// Binds row `r` of a table held as columns from parameter `p` on; returns the next parameter.
int bind_columns(sqlite3_stmt* s, int p, const std::vector<Column>& columns, std::size_t r)
{
    for (const auto& column : columns) {
        std::visit(
            [&](const auto& values) {
                using V = std::decay_t<decltype(values)>;
                if constexpr (std::is_same_v<V, std::vector<double>>) {
                    if (std::isfinite(values[r]))
                        sqlite3_bind_double(s, p, values[r]);
                    else
                        sqlite3_bind_null(s, p);
                } else if constexpr (std::is_same_v<V, std::vector<std::optional<std::int64_t>>>) {
                    if (values[r])
                        sqlite3_bind_int64(s, p, *values[r]);
                    else
                        sqlite3_bind_null(s, p);
                } else {
                    if (values[r])
                        sqlite3_bind_text(s, p, values[r]->data(), static_cast<int>(values[r]->size()),
                                          SQLITE_STATIC);
                    else
                        sqlite3_bind_null(s, p);
                }
            },
            column.values);
        ++p;
    }
    return p;
}

void insert_rows(const Db& db, const BulkTable& bt, const std::function<void()>& checkpoint)
{
    const auto& table = *bt.table;
    const auto* source = table.row_source();
    const std::size_t n_columns = table.column_specs().size();
    const std::size_t rows = table.row_count();
    if (rows == 0)
        return;
    if (n_columns == 0) {
        auto stmt = db.prepare("INSERT INTO " + quoted(bt.sql_name) + " DEFAULT VALUES");
        for (std::size_t r = 0; r < rows; ++r) {
            if (sqlite3_step(stmt.get()) != SQLITE_DONE)
                db.fail("cannot write row " + std::to_string(r + 1) + " of '" + table.name() + "'");
            sqlite3_reset(stmt.get());
        }
        return;
    }
    // Several rows per statement: each statement execution has a fixed cost (and, with the
    // AUTOINCREMENT fid GDAL declares, an update of sqlite_sequence).
    const std::size_t per_statement = std::max<std::size_t>(1, std::min<std::size_t>(256, 32000 / n_columns));
    auto statement_for = [&](std::size_t n_rows) {
        std::string sql = "INSERT INTO " + quoted(bt.sql_name) + " (";
        std::string one = "(";
        for (std::size_t c = 0; c < n_columns; ++c) {
            sql += (c ? ", " : "") + quoted(bt.sql_fields[c]);
            one += c ? ", ?" : "?";
        }
        sql += ") VALUES ";
        for (std::size_t k = 0; k < n_rows; ++k)
            sql += (k ? ", " : "") + one + ")";
        return db.prepare(sql);
    };
    const std::vector<Column>* columns = source ? nullptr : &table.columns();
    auto full = statement_for(std::min(per_statement, rows));
    std::size_t since_commit = 0, since_check = 0;
    for (std::size_t first = 0; first < rows; first += per_statement) {
        const std::size_t count = std::min(per_statement, rows - first);
        Db::Statement partial(nullptr, sqlite3_finalize);
        if (count < per_statement && count != std::min(per_statement, rows))
            partial = statement_for(count);
        auto* s = partial ? partial.get() : full.get();
        int p = 1;
        for (std::size_t r = first; r < first + count; ++r) {
            if (source) {
                BindSink sink(s, p);
                source->row(r, sink);
                p = sink.next();
            } else {
                p = bind_columns(s, p, *columns, r);
            }
        }
        if (p != static_cast<int>(count * n_columns) + 1)
            db.fail("internal: row values of '" + table.name() + "' do not match its columns");
        if (sqlite3_step(s) != SQLITE_DONE)
            db.fail("cannot write rows " + std::to_string(first + 1) + "-" + std::to_string(first + count) + " of '" +
                    table.name() + "'");
        sqlite3_reset(s);
        // Transactions of bounded size (issue 21: writing streams).
        if ((since_commit += count) >= rows_per_transaction) {
            db.exec("COMMIT");
            db.exec("BEGIN");
            since_commit = 0;
        }
        // A cancel stops within milliseconds (the file is a temporary, removed by the caller).
        if ((since_check += count) >= rows_per_checkpoint) {
            since_check = 0;
            if (checkpoint)
                checkpoint();
        }
    }
}

}  // namespace

void bulk_insert(const std::filesystem::path& file, const std::vector<BulkTable>& tables,
                 const std::filesystem::path& shown_path, const std::function<void()>& checkpoint)
{
    if (tables.empty())
        return;
    Db db(file, shown_path);
    // The file is a temporary synced once before its rename (as GDAL writes it).
    db.exec("PRAGMA synchronous = OFF");
    // KiB. Appends touch only the right edge of each B-tree: a full cache spills finished pages,
    // which are written once anyway. 64 MB was 65 MB of the peak at 10M points (issue 20).
    db.exec("PRAGMA cache_size = -8192");
    db.exec("BEGIN");
    for (const auto& bt : tables) {
        // GDAL's feature-count triggers would update gpkg_ogr_contents once per row; they are
        // dropped for the insert, recreated as they were, and the count set once.
        std::vector<std::pair<std::string, std::string>> triggers;  // name, sql
        {
            auto q = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                                "AND name LIKE 'trigger_%_feature_count_%' ORDER BY rowid");
            sqlite3_bind_text(q.get(), 1, bt.sql_name.c_str(), -1, SQLITE_TRANSIENT);
            while (sqlite3_step(q.get()) == SQLITE_ROW)
                triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)),
                                      reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1)));
        }
        for (const auto& [name, sql] : triggers)
            db.exec("DROP TRIGGER " + quoted(name));
        insert_rows(db, bt, checkpoint);
        for (const auto& [name, sql] : triggers)
            db.exec(sql);
        auto has_counts = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'");
        if (sqlite3_step(has_counts.get()) == SQLITE_ROW) {
            auto u = db.prepare("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)");
            sqlite3_bind_int64(u.get(), 1, static_cast<sqlite3_int64>(bt.table->row_count()));
            sqlite3_bind_text(u.get(), 2, bt.sql_name.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(u.get()) != SQLITE_DONE)
                db.fail("cannot update the feature count of '" + bt.table->name() + "'");
        }
    }
    db.exec("COMMIT");
}

}  // namespace trygg::io::detail
