// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the stage tests: a temp folder, small hand-made input files, running a pipeline
// document through the public pipeline API, and reading the written GeoPackage with SQLite.
// The tests look only at what a run publishes (tables, accounting), not at stage internals, so
// they keep working while the stages' options and artifacts are reworked.
#include <trygg/core/progress.hpp>
#include <trygg/pipeline/pipeline.hpp>
#include <trygg/pipeline/stage_registry.hpp>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace trygg::stage_test {

class TempDir {
public:
    TempDir()
    {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("trygg-stage-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// A two-code crime catalogue the stage tests share: S1 is theft, V1 violence.
inline const char* const catalogue_csv =
    "pattern,kind,groups,description\n"
    "S1,code,tillgrepp,stöld\n"
    "V1,code,vald,misshandel\n";

inline std::filesystem::path write_file(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out.flush())
        throw std::runtime_error("cannot write " + path.string());
    return path;
}

inline std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Easting and northing of the origin of the test squares (SWEREF 99 TM, metres).
constexpr double x0 = 500000.0, y0 = 6600000.0;

// Four 100 m squares meeting at (x0+100, y0+100), codes by position: SW, SE, NW, NE.
inline std::filesystem::path write_squares(const std::filesystem::path& path)
{
    auto square = [](const char* code, double x, double y) {
        nlohmann::json ring = nlohmann::json::array(
            {{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}, {x, y}});
        return nlohmann::json{{"type", "Feature"},
                              {"properties", {{"kod", code}, {"namn", std::string("Ruta ") + code}}},
                              {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}}};
    };
    nlohmann::json fc{{"type", "FeatureCollection"},
                      {"features",
                       {square("SW", x0, y0), square("SE", x0 + 100, y0), square("NW", x0, y0 + 100),
                        square("NE", x0 + 100, y0 + 100)}}};
    return write_file(path, fc.dump());
}

// The read.districts stage for write_squares (GeoJSON has no CRS member: say EPSG:3006).
inline nlohmann::json read_squares(const std::filesystem::path& path)
{
    return {{"type", "read.districts"}, {"tag", "districts"}, {"path", path.string()}, {"code", "kod"},
            {"name", "namn"}, {"crs", "EPSG:3006"}};
}

inline pipeline::RunResult run(const nlohmann::json& document, const std::filesystem::path& base_dir)
{
    core::CollectingReporter reporter;
    core::CancelToken cancel;
    return pipeline::run(pipeline::parse_pipeline(document, base_dir), pipeline::builtin_registry(), reporter, cancel);
}

// Rows of a query, every value as text ("NULL" for NULL).
inline std::vector<std::vector<std::string>> query(const std::filesystem::path& db_path, const std::string& sql)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + db_path.string());
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error(sql + ": " + msg);
    }
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
            const auto* text = sqlite3_column_text(st, c);
            row.emplace_back(sqlite3_column_type(st, c) == SQLITE_NULL ? "NULL" : reinterpret_cast<const char*>(text));
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
}

// One column of a query.
inline std::vector<std::string> column(const std::filesystem::path& db_path, const std::string& sql)
{
    std::vector<std::string> out;
    for (auto& row : query(db_path, sql))
        out.push_back(row.at(0));
    return out;
}

}  // namespace trygg::stage_test
