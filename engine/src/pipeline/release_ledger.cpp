// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/pipeline/release_ledger.hpp>

#include <sqlite3.h>

#include <functional>
#include <map>
#include <memory>

namespace trygg::pipeline {

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS release (
  id INTEGER PRIMARY KEY, time TEXT NOT NULL, output TEXT NOT NULL,
  district_source TEXT, district_layer TEXT, district_code_field TEXT,
  area_fingerprint TEXT NOT NULL, suppress_below INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS release_district (
  release INTEGER NOT NULL REFERENCES release(id), code TEXT NOT NULL, geometry_wkb BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS release_period (
  release INTEGER NOT NULL REFERENCES release(id), label TEXT NOT NULL,
  start_minute INTEGER NOT NULL, end_minute INTEGER NOT NULL, first_day TEXT, last_day TEXT,
  incident_fingerprint TEXT NOT NULL, incidents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS release_cell (
  release INTEGER NOT NULL REFERENCES release(id), table_name TEXT NOT NULL, district TEXT NOT NULL,
  period TEXT NOT NULL, crime_group TEXT NOT NULL, sex TEXT NOT NULL, age TEXT NOT NULL,
  published INTEGER NOT NULL, true_count REAL NOT NULL);
)sql";

struct Db {
    sqlite3* db = nullptr;
    ~Db() { sqlite3_close(db); }
};

struct Statement {
    sqlite3_stmt* s = nullptr;
    ~Statement() { sqlite3_finalize(s); }
};

std::string text_at(sqlite3_stmt* s, int c)
{
    const auto* t = sqlite3_column_text(s, c);
    return t ? reinterpret_cast<const char*>(t) : std::string();
}

std::string blob_at(sqlite3_stmt* s, int c)
{
    const auto* b = static_cast<const char*>(sqlite3_column_blob(s, c));
    return b ? std::string(b, static_cast<std::size_t>(sqlite3_column_bytes(s, c))) : std::string();
}

// Binds text and numbers by position, for the inserts below.
class Insert {
public:
    Insert(sqlite3* db, const char* sql, const std::function<void(const std::string&)>& fail) : db_(db), fail_(fail)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &st_.s, nullptr) != SQLITE_OK)
            fail_(sqlite3_errmsg(db));
    }
    Insert& text(int i, const std::string& v)
    {
        sqlite3_bind_text(st_.s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Insert& blob(int i, const std::string& v)
    {
        sqlite3_bind_blob(st_.s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Insert& integer(int i, std::int64_t v)
    {
        sqlite3_bind_int64(st_.s, i, v);
        return *this;
    }
    Insert& real(int i, double v)
    {
        sqlite3_bind_double(st_.s, i, v);
        return *this;
    }
    void run()
    {
        if (sqlite3_step(st_.s) != SQLITE_DONE)
            fail_(sqlite3_errmsg(db_));
        sqlite3_reset(st_.s);
    }

private:
    sqlite3* db_;
    Statement st_;
    const std::function<void(const std::string&)>& fail_;
};

}  // namespace

std::vector<Release> ReleaseLedger::releases() const
{
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec))
        return {};
    const auto fail = [&](const std::string& why) {
        throw core::InputError("ledger: cannot read the release ledger '" + path_.string() + "' (" + why + ")");
    };
    Db db;
    if (sqlite3_open_v2(path_.c_str(), &db.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        fail(db.db ? sqlite3_errmsg(db.db) : "cannot open");
    std::vector<Release> out;
    std::map<std::int64_t, std::size_t> index;
    const auto each = [&](const char* sql, const std::function<void(sqlite3_stmt*, Release&)>& row) {
        Statement st;
        if (sqlite3_prepare_v2(db.db, sql, -1, &st.s, nullptr) != SQLITE_OK)
            fail(sqlite3_errmsg(db.db));
        int rc;
        while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
            auto it = index.find(sqlite3_column_int64(st.s, 0));
            if (it != index.end())
                row(st.s, out[it->second]);
        }
        if (rc != SQLITE_DONE)
            fail(sqlite3_errmsg(db.db));
    };
    {
        Statement st;
        if (sqlite3_prepare_v2(db.db,
                               "SELECT id, time, output, district_source, district_layer, district_code_field, "
                               "area_fingerprint, suppress_below FROM release ORDER BY id",
                               -1, &st.s, nullptr) != SQLITE_OK)
            fail(std::string(sqlite3_errmsg(db.db)) + "; is it a release ledger?");
        while (sqlite3_step(st.s) == SQLITE_ROW) {
            Release r;
            r.id = sqlite3_column_int64(st.s, 0);
            r.time = text_at(st.s, 1);
            r.output = text_at(st.s, 2);
            r.district_source = text_at(st.s, 3);
            r.district_layer = text_at(st.s, 4);
            r.district_code_field = text_at(st.s, 5);
            r.area_fingerprint = text_at(st.s, 6);
            r.suppress_below = sqlite3_column_int(st.s, 7);
            index[r.id] = out.size();
            out.push_back(std::move(r));
        }
    }
    each("SELECT release, code, geometry_wkb FROM release_district ORDER BY rowid", [](sqlite3_stmt* s, Release& r) {
        r.districts.push_back({text_at(s, 1), blob_at(s, 2)});
    });
    each("SELECT release, label, start_minute, end_minute, incident_fingerprint, incidents FROM release_period "
         "ORDER BY rowid",
         [](sqlite3_stmt* s, Release& r) {
             r.periods.push_back({text_at(s, 1), sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
                                  text_at(s, 4), static_cast<std::uint64_t>(sqlite3_column_int64(s, 5))});
         });
    each("SELECT release, table_name, district, period, crime_group, sex, age, published, true_count "
         "FROM release_cell ORDER BY rowid",
         [](sqlite3_stmt* s, Release& r) {
             r.cells.push_back({text_at(s, 1), text_at(s, 2), text_at(s, 3), text_at(s, 4), text_at(s, 5),
                                text_at(s, 6), sqlite3_column_int(s, 7) != 0, sqlite3_column_double(s, 8)});
         });
    return out;
}

std::int64_t ReleaseLedger::record(const Release& release) const
{
    const std::function<void(const std::string&)> fail = [&](const std::string& why) {
        throw core::OutputError("ledger: cannot record the release in '" + path_.string() + "' (" + why + ")");
    };
    if (!path_.parent_path().empty()) {
        std::error_code ec;
        std::filesystem::create_directories(path_.parent_path(), ec);
    }
    Db db;
    if (sqlite3_open_v2(path_.c_str(), &db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        fail(db.db ? sqlite3_errmsg(db.db) : "cannot open");
    sqlite3_busy_timeout(db.db, 10000);
    const auto exec = [&](const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db.db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string why = err ? err : "error";
            sqlite3_free(err);
            fail(why);
        }
    };
    exec("BEGIN IMMEDIATE");
    exec(schema);
    {
        Insert(db.db,
               "INSERT INTO release (time, output, district_source, district_layer, district_code_field, "
               "area_fingerprint, suppress_below) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
               fail)
            .text(1, release.time)
            .text(2, release.output)
            .text(3, release.district_source)
            .text(4, release.district_layer)
            .text(5, release.district_code_field)
            .text(6, release.area_fingerprint)
            .integer(7, release.suppress_below)
            .run();
    }
    const auto id = sqlite3_last_insert_rowid(db.db);
    Insert district(db.db, "INSERT INTO release_district VALUES (?1, ?2, ?3)", fail);
    for (const auto& d : release.districts)
        district.integer(1, id).text(2, d.code).blob(3, d.wkb).run();
    Insert period(db.db, "INSERT INTO release_period VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", fail);
    for (const auto& p : release.periods)
        period.integer(1, id)
            .text(2, p.label)
            .integer(3, p.start)
            .integer(4, p.end)
            .text(5, day_text(p.start))
            .text(6, day_text(p.end - 1))
            .text(7, p.fingerprint)
            .integer(8, static_cast<std::int64_t>(p.incidents))
            .run();
    Insert cell(db.db, "INSERT INTO release_cell VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", fail);
    for (const auto& c : release.cells)
        cell.integer(1, id)
            .text(2, c.table)
            .text(3, c.district)
            .text(4, c.period)
            .text(5, c.group)
            .text(6, c.sex)
            .text(7, c.age)
            .integer(8, c.published ? 1 : 0)
            .real(9, c.count)
            .run();
    exec("COMMIT");
    return id;
}

}  // namespace trygg::pipeline
