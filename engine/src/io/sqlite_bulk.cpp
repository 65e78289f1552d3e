// SPDX-License-Identifier: MIT
#include "sqlite_bulk.hpp"

#include <trygg/core/error.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
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

// Counts the rows written: commits every rows_per_transaction rows (issue 21: writing streams)
// and calls the checkpoint every rows_per_checkpoint rows (a cancel stops within milliseconds;
// the file is a temporary, removed by the caller).
class RowsWritten {
public:
    RowsWritten(const Db& db, const std::function<void()>& checkpoint) : db_(db), checkpoint_(checkpoint) {}
    void add(std::size_t count)
    {
        if ((since_commit_ += count) >= rows_per_transaction) {
            db_.exec("COMMIT");
            db_.exec("BEGIN");
            since_commit_ = 0;
        }
        if ((since_check_ += count) >= rows_per_checkpoint) {
            since_check_ = 0;
            if (checkpoint_)
                checkpoint_();
        }
    }

private:
    const Db& db_;
    const std::function<void()>& checkpoint_;
    std::size_t since_commit_ = 0, since_check_ = 0;
};

// Binds a generated row's values to consecutive parameters of a statement.
// Copies of the texts bound to one statement execution, at stable addresses: bound without
// SQLite copying them (SQLITE_TRANSIENT allocated and freed each text under SQLite's memory
// mutex, a sixth of writing a 3.7M-row rejects table, issue 20). Cleared after each step.
class TextArena {
public:
    const char* copy(std::string_view text)
    {
        while (used_ < blocks_.size() && blocks_[used_].size() - at_ < text.size())
            ++used_, at_ = 0;  // the next block with room (blocks are reused after clear)
        if (used_ == blocks_.size())
            blocks_.emplace_back(std::max(text.size(), block_size));
        char* out = blocks_[used_].data() + at_;
        std::copy(text.begin(), text.end(), out);
        at_ += text.size();
        return out;
    }
    void clear() { used_ = 0, at_ = 0; }

private:
    static constexpr std::size_t block_size = std::size_t{1} << 16;
    std::vector<std::vector<char>> blocks_;  // each block's bytes stay where they are
    std::size_t used_ = 0, at_ = 0;          // the block being filled and its first free byte
};

class BindSink final : public RowSink {
public:
    BindSink(sqlite3_stmt* s, int first, TextArena& texts) : s_(s), p_(first), texts_(texts) {}
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
        // A view without data binds NULL, as sqlite3_bind_text does for a null pointer.
        sqlite3_bind_text(s_, p_++, value.data() ? texts_.copy(value) : nullptr, static_cast<int>(value.size()),
                          SQLITE_STATIC);
    }

private:
    sqlite3_stmt* s_;
    int p_;
    TextArena& texts_;
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

// Binds row r from parameter p on; returns the next parameter.
using Binder = std::function<int(sqlite3_stmt*, int p, std::size_t r, TextArena& texts)>;

// Inserts `rows` rows into `sql_name` (columns `fields`), their values bound by `bind`; errors
// name `shown` (the table as the user knows it).
void insert_rows(const Db& db, const std::string& sql_name, const std::vector<std::string>& fields, std::size_t rows,
                 const std::string& shown, const Binder& bind, const std::function<void()>& checkpoint)
{
    const std::size_t n_columns = fields.size();
    if (rows == 0)
        return;
    if (n_columns == 0) {
        auto stmt = db.prepare("INSERT INTO " + quoted(sql_name) + " DEFAULT VALUES");
        for (std::size_t r = 0; r < rows; ++r) {
            if (sqlite3_step(stmt.get()) != SQLITE_DONE)
                db.fail("cannot write row " + std::to_string(r + 1) + " of '" + shown + "'");
            sqlite3_reset(stmt.get());
        }
        return;
    }
    // Several rows per statement: each statement execution has a fixed cost (and, with the
    // AUTOINCREMENT fid GDAL declares, an update of sqlite_sequence).
    const std::size_t per_statement = std::max<std::size_t>(1, std::min<std::size_t>(256, 32000 / n_columns));
    auto statement_for = [&](std::size_t n_rows) {
        std::string sql = "INSERT INTO " + quoted(sql_name) + " (";
        std::string one = "(";
        for (std::size_t c = 0; c < n_columns; ++c) {
            sql += (c ? ", " : "") + quoted(fields[c]);
            one += c ? ", ?" : "?";
        }
        sql += ") VALUES ";
        for (std::size_t k = 0; k < n_rows; ++k)
            sql += (k ? ", " : "") + one + ")";
        return db.prepare(sql);
    };
    auto full = statement_for(std::min(per_statement, rows));
    TextArena texts;
    RowsWritten written(db, checkpoint);
    for (std::size_t first = 0; first < rows; first += per_statement) {
        const std::size_t count = std::min(per_statement, rows - first);
        Db::Statement partial(nullptr, sqlite3_finalize);
        if (count < per_statement && count != std::min(per_statement, rows))
            partial = statement_for(count);
        auto* s = partial ? partial.get() : full.get();
        int p = 1;
        for (std::size_t r = first; r < first + count; ++r)
            p = bind(s, p, r, texts);
        if (p != static_cast<int>(count * n_columns) + 1)
            db.fail("internal: row values of '" + shown + "' do not match its columns");
        if (sqlite3_step(s) != SQLITE_DONE)
            db.fail("cannot write rows " + std::to_string(first + 1) + "-" + std::to_string(first + count) + " of '" +
                    shown + "'");
        sqlite3_reset(s);
        texts.clear();
        written.add(count);
    }
}

// A table GDAL created: its rows from its columns or its row source.
void insert_rows(const Db& db, const BulkTable& bt, const std::function<void()>& checkpoint)
{
    const auto& table = *bt.table;
    const auto* source = table.row_source();
    const auto* columns = source ? nullptr : &table.columns();  // columns() would materialise a source
    insert_rows(
        db, bt.sql_name, bt.sql_fields, table.row_count(), table.name(),
        [&](sqlite3_stmt* s, int p, std::size_t r, TextArena& texts) {
            if (!source)
                return bind_columns(s, p, *columns, r);
            BindSink sink(s, p, texts);
            source->row(r, sink);
            return sink.next();
        },
        checkpoint);
}

std::string sql_type(ColumnKind kind)
{
    return kind == ColumnKind::integer ? "INTEGER" : kind == ColumnKind::real ? "REAL" : "TEXT";
}

// Appends one row's plain values and its code as a JSON array: `[v1,v2,...,kod]`.
class JsonRowSink final : public RowSink {
public:
    explicit JsonRowSink(std::string& out) : out_(out) {}
    void begin() { out_ += '['; first_ = true; }
    void end() { out_ += ']'; }
    void null() override { separate(), out_ += "null"; }
    void integer(std::int64_t value) override
    {
        separate();
        char buf[24];
        out_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
    }
    void real(double value) override
    {
        separate();
        if (!std::isfinite(value)) {  // JSON has no infinities; written as null, as BindSink does
            out_ += "null";
            return;
        }
        // Shortest text that reads back as the same double; a decimal point keeps it a REAL
        // for json_extract.
        char buf[32];
        char* end = std::to_chars(buf, buf + sizeof buf, value).ptr;
        out_.append(buf, end);
        if (std::find_if(buf, end, [](char c) { return c == '.' || c == 'e'; }) == end)
            out_ += ".0";
    }
    void text(std::string_view value) override
    {
        if (!value.data())  // a view without data is NULL, as in BindSink
            return null();
        separate();
        out_ += '"';
        for (unsigned char c : value) {
            if (c == '"' || c == '\\') {
                out_ += '\\';
                out_ += static_cast<char>(c);
            } else if (c < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                out_ += "\\u00";
                out_ += hex[c >> 4];
                out_ += hex[c & 15];
            } else {
                out_ += static_cast<char>(c);
            }
        }
        out_ += '"';
    }

private:
    void separate()
    {
        if (!first_)
            out_ += ',';
        first_ = false;
    }
    std::string& out_;
    bool first_ = true;
};

// A table of coded rows (BulkTable::coded): its combinations in `<name>_combinations`, its rows
// in blocks of `<name>_blocks`, and the view under its name that reads as the full table (fid,
// then every column in order). A block is one SQLite row (the fid of its first row, and its
// rows as one JSON array of `[plain values..., kod]`): SQLite's cost is per row it stores, and
// one per reject was most of writing the internal file (372,229 rows, about 0.1 s of a 0.48 s run
// at 1M points into DeSO, issue 20). The view expands the blocks with json_each; its column
// types come from the empty `<name>_columns`, its first SELECT (SQLite types a view's columns
// by its first SELECT, and QGIS reads those types).
void insert_coded(const Db& db, const BulkTable& bt, const std::function<void()>& checkpoint)
{
    const auto& table = *bt.table;
    const auto& coded = *table.row_source()->coded_rows();
    const auto specs = table.column_specs();
    const auto blocks_name = bt.sql_name + "_blocks", combinations_name = bt.sql_name + "_combinations",
               columns_name = bt.sql_name + "_columns";
    std::string columns_sql = "CREATE TABLE " + quoted(columns_name) + " (\"fid\" INTEGER PRIMARY KEY";
    std::string combinations_sql = "CREATE TABLE " + quoted(combinations_name) + " (\"kod\" INTEGER PRIMARY KEY";
    std::string typed = "SELECT \"fid\"", expanded = "SELECT b.\"fid\" + j.\"key\"";
    std::vector<std::string> combination_fields{"kod"};
    std::size_t plain = 0;
    for (std::size_t c = 0; c < specs.size(); ++c) {
        const auto field = quoted(bt.sql_fields[c]);
        columns_sql += ", " + field + " " + sql_type(specs[c].kind);
        typed += ", " + field;
        if (coded.coded()[c]) {
            combinations_sql += ", " + field + " " + sql_type(specs[c].kind);
            combination_fields.push_back(bt.sql_fields[c]);
            expanded += ", k." + field;
        } else {
            expanded += ", json_extract(j.\"value\", '$[" + std::to_string(plain++) + "]')";
        }
    }
    db.exec(columns_sql + ")");
    db.exec("CREATE TABLE " + quoted(blocks_name) + " (\"fid\" INTEGER PRIMARY KEY, \"rader\" TEXT NOT NULL)");
    db.exec(combinations_sql + ")");
    // LEFT JOIN: the blocks are read in fid order and each code looked up by its key.
    db.exec("CREATE VIEW " + quoted(bt.sql_name) + " AS " + typed + " FROM " + quoted(columns_name) + " UNION ALL " +
            expanded + " FROM " + quoted(blocks_name) + " b JOIN json_each(b.\"rader\") j LEFT JOIN " +
            quoted(combinations_name) + " k ON k.\"kod\" = json_extract(j.\"value\", '$[" + std::to_string(plain) +
            "]')");
    {
        auto insert = db.prepare("INSERT INTO " + quoted(blocks_name) + " (\"fid\", \"rader\") VALUES (?, ?)");
        std::string block;
        JsonRowSink sink(block);
        const std::size_t rows = table.row_count();
        RowsWritten written(db, checkpoint);
        for (std::size_t first = 0; first < rows; first += rows_per_block) {
            const std::size_t count = std::min(rows_per_block, rows - first);
            block.clear();
            block += '[';
            for (std::size_t r = first; r < first + count; ++r) {
                if (r > first)
                    block += ',';
                sink.begin();
                coded.plain_row(r, sink);
                sink.integer(static_cast<std::int64_t>(coded.combination_of(r) + 1));
                sink.end();
            }
            block += ']';
            sqlite3_bind_int64(insert.get(), 1, static_cast<sqlite3_int64>(first + 1));
            sqlite3_bind_text64(insert.get(), 2, block.data(), block.size(), SQLITE_STATIC, SQLITE_UTF8);
            if (sqlite3_step(insert.get()) != SQLITE_DONE)
                db.fail("cannot write rows " + std::to_string(first + 1) + "-" + std::to_string(first + count) +
                        " of '" + table.name() + "'");
            sqlite3_reset(insert.get());
            written.add(count);
        }
    }
    insert_rows(
        db, combinations_name, combination_fields, coded.combination_count(), table.name(),
        [&](sqlite3_stmt* s, int p, std::size_t k, TextArena& texts) {
            BindSink sink(s, p, texts);
            sink.integer(static_cast<std::int64_t>(k + 1));
            coded.combination(k, sink);
            return sink.next();
        },
        checkpoint);
    // The view is what readers open (GDAL lists views registered as attributes); the two
    // tables behind it are not registered, so QGIS shows one layer.
    // As GDAL registers an attribute table: srs_id 0, and its row count in gpkg_ogr_contents.
    auto c = db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
                        "srs_id) VALUES (?, 'attributes', ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), 0)");
    sqlite3_bind_text(c.get(), 1, bt.sql_name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c.get(), 2, bt.sql_name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c.get(), 3, table.description.c_str(), -1, SQLITE_TRANSIENT);
    if (bt.last_change.empty())
        sqlite3_bind_null(c.get(), 4);
    else
        sqlite3_bind_text(c.get(), 4, bt.last_change.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(c.get()) != SQLITE_DONE)
        db.fail("cannot register '" + table.name() + "'");
    auto has_counts = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'");
    if (sqlite3_step(has_counts.get()) == SQLITE_ROW) {
        auto n = db.prepare("INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, ?)");
        sqlite3_bind_text(n.get(), 1, bt.sql_name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(n.get(), 2, static_cast<sqlite3_int64>(table.row_count()));
        if (sqlite3_step(n.get()) != SQLITE_DONE)
            db.fail("cannot register the row count of '" + table.name() + "'");
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
    // which are written once anyway. 64 MB was 65 MB of the peak at 10M points (issue 20); 1 MB
    // instead of 8 reuses the spilled pages' buffers instead of faulting in new ones (800 fewer
    // page faults writing 372,229 rejects).
    db.exec("PRAGMA cache_size = -1024");
    db.exec("BEGIN");
    for (const auto& bt : tables) {
        if (bt.coded) {
            insert_coded(db, bt, checkpoint);
            continue;
        }
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
