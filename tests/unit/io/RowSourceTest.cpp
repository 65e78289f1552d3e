// SPDX-License-Identifier: MIT
// Tables of generated rows (io/row_source.hpp): written by streaming from the source, in
// transactions of bounded size, the same rows a table of columns gives.
#include <trygg/core/error.hpp>
#include <trygg/io/feature_table.hpp>
#include <trygg/io/geopackage_writer.hpp>

#include <gtest/gtest.h>

#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "shared_data.hpp"

using namespace trygg;

namespace {

// Row r: n = r (null when r % 7 == 3), x = r / 4 (null when r % 5 == 1), s = "v" + r % 13
// (null when r % 11 == 2).
class Planted final : public io::RowSource {
public:
    explicit Planted(std::size_t rows) : rows_(rows) {}
    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return rows_; }
    void row(std::size_t r, io::RowSink& out) const override
    {
        if (r % 7 == 3)
            out.null();
        else
            out.integer(static_cast<std::int64_t>(r));
        out.real(r % 5 == 1 ? std::nan("") : static_cast<double>(r) / 4);
        if (r % 11 == 2)
            out.null();
        else
            out.text("v" + std::to_string(r % 13));
    }

private:
    std::size_t rows_;
    std::vector<io::ColumnSpec> columns_{
        {"n", io::ColumnKind::integer}, {"x", io::ColumnKind::real}, {"s", io::ColumnKind::text}};
};

// Row r: one text, planted: empty (not null) when r % 9 == 4, null when r % 9 == 7, else r's
// letter repeated; every 50th row longer than the writer's 64 KiB blocks of bound texts.
std::string long_text(std::size_t r)
{
    const std::size_t n = r % 50 == 0 ? 65536 + (r * 7919) % 9000 : (r * 31) % 300 + 1;
    return std::string(n, static_cast<char>('a' + r % 26));
}

class LongTexts final : public io::RowSource {
public:
    explicit LongTexts(std::size_t rows) : rows_(rows) {}
    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return rows_; }
    void row(std::size_t r, io::RowSink& out) const override
    {
        if (r % 9 == 4)
            out.text("");
        else if (r % 9 == 7)
            out.null();
        else
            out.text(long_text(r));  // a temporary: the writer must copy it
    }

private:
    std::size_t rows_;
    std::vector<io::ColumnSpec> columns_{{"s", io::ColumnKind::text}};
};

struct Db {
    sqlite3* db = nullptr;
    explicit Db(const std::filesystem::path& p) { sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr); }
    ~Db() { sqlite3_close_v2(db); }
};

}  // namespace

// 250,001 rows cross the 100,000-row transaction bound twice and end in a partial statement.
TEST(RowSource, GeneratedRowsAreWrittenAsPlanted)
{
    const std::size_t rows = 250001;
    io::FeatureTable t("lang", io::GeometryKind::none);
    t.set_row_source(std::make_shared<Planted>(rows));
    EXPECT_EQ(t.row_count(), rows);
    ASSERT_NE(t.row_source(), nullptr);
    const auto dir = test::temp_dir("row_source_write");
    io::write_geopackage({&t}, {}, dir / "ut.gpkg");
    ASSERT_NE(t.row_source(), nullptr) << "writing must not turn the source into columns";

    Db db(dir / "ut.gpkg");
    ASSERT_NE(db.db, nullptr);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.db, "SELECT fid, n, x, s FROM lang ORDER BY fid", -1, &s, nullptr), SQLITE_OK);
    std::size_t r = 0, bad = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        bad += sqlite3_column_int64(s, 0) != static_cast<sqlite3_int64>(r + 1);
        bad += (r % 7 == 3) ? sqlite3_column_type(s, 1) != SQLITE_NULL
                            : sqlite3_column_int64(s, 1) != static_cast<sqlite3_int64>(r);
        bad += (r % 5 == 1) ? sqlite3_column_type(s, 2) != SQLITE_NULL
                            : sqlite3_column_double(s, 2) != static_cast<double>(r) / 4;
        if (r % 11 == 2)
            bad += sqlite3_column_type(s, 3) != SQLITE_NULL;
        else
            bad += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 3))) != "v" + std::to_string(r % 13);
        ++r;
    }
    sqlite3_finalize(s);
    EXPECT_EQ(r, rows);
    EXPECT_EQ(bad, 0u);
    ASSERT_EQ(sqlite3_prepare_v2(db.db, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'lang'", -1,
                                 &s, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(s, 0), static_cast<sqlite3_int64>(rows));
    sqlite3_finalize(s);
}

// Texts of every length, many to one statement, some longer than a block of the bound texts.
TEST(RowSource, LongAndEmptyTextsAreWrittenAsPlanted)
{
    const std::size_t rows = 1201;
    io::FeatureTable t("texter", io::GeometryKind::none);
    t.set_row_source(std::make_shared<LongTexts>(rows));
    const auto dir = test::temp_dir("row_source_texts");
    io::write_geopackage({&t}, {}, dir / "ut.gpkg");
    Db db(dir / "ut.gpkg");
    ASSERT_NE(db.db, nullptr);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.db, "SELECT s FROM texter ORDER BY fid", -1, &s, nullptr), SQLITE_OK);
    std::size_t r = 0, bad = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (r % 9 == 7) {
            bad += sqlite3_column_type(s, 0) != SQLITE_NULL;
        } else {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
            const std::string expected = r % 9 == 4 ? "" : long_text(r);
            bad += sqlite3_column_type(s, 0) != SQLITE_TEXT ||
                   std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, 0))) != expected;
        }
        ++r;
    }
    sqlite3_finalize(s);
    EXPECT_EQ(r, rows);
    EXPECT_EQ(bad, 0u);
}

// A reader that needs the values (the report) gets them as columns, equal to the planted rows.
TEST(RowSource, ColumnsAreMaterialisedOnDemand)
{
    io::FeatureTable t("lang", io::GeometryKind::none);
    t.set_row_source(std::make_shared<Planted>(40));
    ASSERT_EQ(t.column_specs().size(), 3u);
    ASSERT_NE(t.row_source(), nullptr);
    const auto* n = t.find("n");
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(t.row_source(), nullptr);
    EXPECT_EQ(t.row_count(), 40u);
    const auto& ni = std::get<std::vector<std::optional<std::int64_t>>>(n->values);
    EXPECT_FALSE(ni[3].has_value());
    EXPECT_EQ(ni[4], 4);
    const auto& x = std::get<std::vector<double>>(t.find("x")->values);
    EXPECT_TRUE(std::isnan(x[6]));
    EXPECT_EQ(x[8], 2.0);
    const auto& sv = std::get<std::vector<std::optional<std::string>>>(t.find("s")->values);
    EXPECT_FALSE(sv[13].has_value());
    EXPECT_EQ(sv[14], "v1");
}

TEST(RowSource, AColumnCannotBeAddedToGeneratedRows)
{
    io::FeatureTable t("lang", io::GeometryKind::none);
    t.set_row_source(std::make_shared<Planted>(3));
    EXPECT_THROW(t.add_integer("m", {1, 2, 3}), core::Error);
}

// A cancel while a long table is written (issue 21): the writer's checkpoint runs every few
// thousand rows, not only once the table is done, and the previous file stays as it was.
TEST(RowSource, ACancelStopsALongTableWithinAFewThousandRowsAndKeepsThePreviousFile)
{
    // Counts the rows the writer asked for.
    class Counted final : public io::RowSource {
    public:
        explicit Counted(std::size_t rows) : planted_(rows) {}
        const std::vector<io::ColumnSpec>& columns() const override { return planted_.columns(); }
        std::size_t row_count() const override { return planted_.row_count(); }
        void row(std::size_t r, io::RowSink& out) const override
        {
            ++asked;
            planted_.row(r, out);
        }
        mutable std::size_t asked = 0;

    private:
        Planted planted_;
    };
    const auto dir = test::temp_dir("row_source_cancel");
    io::FeatureTable before("lang", io::GeometryKind::none);
    before.set_row_source(std::make_shared<Counted>(10));
    io::write_geopackage({&before}, {}, dir / "ut.gpkg");

    io::FeatureTable t("lang", io::GeometryKind::none);
    auto source = std::make_shared<Counted>(250001);
    t.set_row_source(source);
    int calls = 0;
    EXPECT_THROW(io::write_geopackage({&t}, {}, dir / "ut.gpkg",
                                      [&] {
                                          if (++calls == 3)
                                              throw core::Cancelled();
                                      }),
                 core::Cancelled);
    // The third checkpoint comes after about 30,000 rows (a checkpoint per 10,000; writing
    // stops within one statement of it), far from the 250,001 a check only at the end gives.
    EXPECT_LT(source->asked, 40000u);
    Db db(dir / "ut.gpkg");
    ASSERT_NE(db.db, nullptr);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.db, "SELECT count(*) FROM lang", -1, &s, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(s, 0), 10);
    sqlite3_finalize(s);
    std::size_t left = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        left += entry.path().filename().string().find(".tmp-") != std::string::npos;
    EXPECT_EQ(left, 0u) << "the temporary is removed";
}

namespace {

// Rejects as a coded source: row r has rad = 10 + 3r, id "I<r>" (null when r % 9 == 4), and one
// of three combinations of (kalla, utfall, orsak) chosen by r % 5 (0,1 -> A; 2 -> B; 3,4 -> C).
class PlantedRejects final : public io::RowSource, public io::CodedRows {
public:
    explicit PlantedRejects(std::size_t rows) : rows_(rows) {}
    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return rows_; }
    void row(std::size_t r, io::RowSink& out) const override
    {
        const auto& c = combos_[pick(r)];
        out.text(c[0]);
        plain_row(r, out);
        out.text(c[1]);
        out.text(c[2]);
    }
    const io::CodedRows* coded_rows() const override { return this; }
    const std::vector<bool>& coded() const override { return coded_; }
    std::size_t combination_count() const override { return combos_.size(); }
    void combination(std::size_t k, io::RowSink& out) const override
    {
        for (const auto& v : combos_[k])
            out.text(v);
    }
    std::size_t combination_of(std::size_t r) const override { return pick(r); }
    void plain_row(std::size_t r, io::RowSink& out) const override
    {
        out.integer(static_cast<std::int64_t>(10 + 3 * r));
        if (r % 9 == 4)
            out.null();
        else
            out.text("I" + std::to_string(r));
    }
    static std::size_t pick(std::size_t r) { return r % 5 < 2 ? 0 : r % 5 == 2 ? 1 : 2; }
    const std::vector<std::vector<std::string>> combos_{
        {"a.csv", "outside", "located outside every district"},
        {"a.csv", "rejected", "impossible date"},
        {"b.csv", "outside", "located outside every district"}};

private:
    std::size_t rows_;
    std::vector<io::ColumnSpec> columns_{{"kalla", io::ColumnKind::text},
                                         {"rad", io::ColumnKind::integer},
                                         {"id", io::ColumnKind::text},
                                         {"utfall", io::ColumnKind::text},
                                         {"orsak", io::ColumnKind::text}};
    std::vector<bool> coded_{true, false, false, true, true};
};

std::vector<std::vector<std::string>> query(sqlite3* db, const std::string& sql)
{
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
        return {{"error: " + std::string(sqlite3_errmsg(db))}};
    while (sqlite3_step(s) == SQLITE_ROW) {
        out.emplace_back();
        for (int c = 0; c < sqlite3_column_count(s); ++c)
            out.back().push_back(sqlite3_column_type(s, c) == SQLITE_NULL
                                     ? "NULL"
                                     : reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
    }
    sqlite3_finalize(s);
    return out;
}

}  // namespace

// Coded rows (the internal file's rejects, issue 20) read back as the full table, row for row,
// in the columns' order: each combination is stored once, and only the view is a layer.
TEST(RowSource, CodedRowsReadBackAsTheFullTableThroughOneView)
{
    const std::size_t rows = 120007;  // crosses a transaction bound; ends in a partial statement
    io::FeatureTable t("rejects", io::GeometryKind::none);
    t.description = "planted rejects";
    auto source = std::make_shared<PlantedRejects>(rows);
    t.set_row_source(source);
    const auto dir = test::temp_dir("row_source_coded");
    io::write_geopackage({&t}, {}, dir / "ut.gpkg");

    Db db(dir / "ut.gpkg");
    ASSERT_NE(db.db, nullptr);
    const auto got = query(db.db, "SELECT fid, kalla, rad, id, utfall, orsak FROM rejects ORDER BY fid");
    ASSERT_EQ(got.size(), rows);
    std::size_t bad = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        const auto& c = source->combos_[PlantedRejects::pick(r)];
        const std::vector<std::string> want{std::to_string(r + 1), c[0], std::to_string(10 + 3 * r),
                                            r % 9 == 4 ? "NULL" : "I" + std::to_string(r), c[1], c[2]};
        bad += got[r] != want;
    }
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(query(db.db, "SELECT count(*) FROM rejects_combinations"), (std::vector<std::vector<std::string>>{{"3"}}));
    // Stored in blocks of io::detail::rows_per_block (1024) rows.
    EXPECT_EQ(query(db.db, "SELECT count(*) FROM rejects_blocks"), (std::vector<std::vector<std::string>>{{"118"}}));
    // One layer, with its description; the tables behind the view are not layers.
    EXPECT_EQ(query(db.db, "SELECT table_name, data_type, description FROM gpkg_contents"),
              (std::vector<std::vector<std::string>>{{"rejects", "attributes", "planted rejects"}}));
}

namespace {

// Coded rows with awkward values: row r has rad = r, an id chosen by r % 7 (quotes and a
// backslash, control characters, non-ASCII, empty, null, digits, a long text) and a distance
// chosen by r % 5 (r / 10, a whole 3.0, not finite, tiny, huge).
class AwkwardRejects final : public io::RowSource, public io::CodedRows {
public:
    explicit AwkwardRejects(std::size_t rows) : rows_(rows) {}
    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return rows_; }
    void row(std::size_t r, io::RowSink& out) const override
    {
        plain_row(r, out);
        out.text(combo(r));
    }
    const io::CodedRows* coded_rows() const override { return this; }
    const std::vector<bool>& coded() const override { return coded_; }
    std::size_t combination_count() const override { return 2; }
    void combination(std::size_t k, io::RowSink& out) const override { out.text(k ? "b\"\\" : "a"); }
    std::size_t combination_of(std::size_t r) const override { return r % 3 == 0; }
    void plain_row(std::size_t r, io::RowSink& out) const override
    {
        out.integer(static_cast<std::int64_t>(r));
        if (r % 7 == 4)
            out.null();
        else
            out.text(id(r));
        out.real(distance(r));
    }
    static std::string combo(std::size_t r) { return r % 3 == 0 ? "b\"\\" : "a"; }
    static std::string id(std::size_t r)
    {
        switch (r % 7) {
        case 0: return "say \"hi\" \\ " + std::to_string(r);
        case 1: return std::string("tab\tnew\nline\x01\x1f ") + std::to_string(r);
        case 2: return "Västerås € " + std::to_string(r);
        case 3: return "";
        case 5: return std::to_string(r * 1000);  // digits stay a text
        default: return std::string(3000, 'x') + std::to_string(r);
        }
    }
    static double distance(std::size_t r)
    {
        switch (r % 5) {
        case 0: return static_cast<double>(r) / 10;
        case 1: return 3.0;
        case 2: return r % 2 ? std::numeric_limits<double>::infinity() : std::nan("");
        case 3: return 4.9e-324 * static_cast<double>(r % 1000 + 1);
        default: return -1.7976931348623157e308 / static_cast<double>(r % 1000 + 1);
        }
    }

private:
    std::size_t rows_;
    std::vector<io::ColumnSpec> columns_{{"rad", io::ColumnKind::integer},
                                         {"id", io::ColumnKind::text},
                                         {"avstand", io::ColumnKind::real},
                                         {"orsak", io::ColumnKind::text}};
    std::vector<bool> coded_{false, false, false, true};
};

}  // namespace

// The coded rows' blocks hold each value as it was given (texts with quotes, backslashes,
// control characters and non-ASCII; whole and extreme reals; nulls), and the view gives each
// column its type: SQLite's own types row by row, and OGR's field types (what QGIS shows).
TEST(RowSource, CodedRowsKeepEveryValueAndTypeThroughTheirBlocks)
{
    const std::size_t rows = 3001;  // three blocks, the last one partial
    io::FeatureTable t("rejects", io::GeometryKind::none);
    t.set_row_source(std::make_shared<AwkwardRejects>(rows));
    const auto dir = test::temp_dir("row_source_awkward");
    io::write_geopackage({&t}, {}, dir / "ut.gpkg");
    {
        Db db(dir / "ut.gpkg");
        ASSERT_NE(db.db, nullptr);
        sqlite3_stmt* s = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db.db, "SELECT fid, rad, typeof(id), id, typeof(avstand), avstand, orsak FROM rejects",
                                     -1, &s, nullptr),
                  SQLITE_OK)
            << sqlite3_errmsg(db.db);
        std::size_t r = 0, bad = 0;
        while (sqlite3_step(s) == SQLITE_ROW && bad < 5) {
            auto text = [&](int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c)),
                                                        static_cast<std::size_t>(sqlite3_column_bytes(s, c))); };
            const double d = AwkwardRejects::distance(r);
            const bool ok = sqlite3_column_int64(s, 0) == static_cast<std::int64_t>(r + 1) &&
                            sqlite3_column_int64(s, 1) == static_cast<std::int64_t>(r) &&
                            text(2) == (r % 7 == 4 ? "null" : "text") &&
                            (r % 7 == 4 || text(3) == AwkwardRejects::id(r)) &&
                            text(4) == (std::isfinite(d) ? "real" : "null") &&
                            (!std::isfinite(d) || sqlite3_column_double(s, 5) == d) &&
                            text(6) == AwkwardRejects::combo(r);
            if (!ok)
                ADD_FAILURE() << "row " << r << " differs", ++bad;
            ++r;
        }
        sqlite3_finalize(s);
        EXPECT_EQ(r, rows);
        EXPECT_EQ(query(db.db, "SELECT count(*) FROM rejects_blocks"), (std::vector<std::vector<std::string>>{{"3"}}));
        EXPECT_EQ(query(db.db, "SELECT name, type FROM pragma_table_info('rejects')"),
                  (std::vector<std::vector<std::string>>{
                      {"fid", "INTEGER"}, {"rad", "INTEGER"}, {"id", "TEXT"}, {"avstand", "REAL"}, {"orsak", "TEXT"}}));
    }
    GDALAllRegister();
    auto* ds = GDALOpenEx((dir / "ut.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_NE(ds, nullptr);
    auto* layer = GDALDatasetGetLayerByName(ds, "rejects");
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(OGR_L_GetFIDColumn(layer), "fid");
    EXPECT_EQ(OGR_L_GetFeatureCount(layer, 1), static_cast<GIntBig>(rows));
    auto* defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::pair<std::string, OGRFieldType>> fields;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        fields.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)));
    EXPECT_EQ(fields, (std::vector<std::pair<std::string, OGRFieldType>>{
                          {"rad", OFTInteger64}, {"id", OFTString}, {"avstand", OFTReal}, {"orsak", OFTString}}));
    auto* f = OGR_L_GetFeature(layer, 1002);  // row 1001: in the second block
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(OGR_F_GetFieldAsInteger64(f, 0), 1001);
    EXPECT_EQ(std::string(OGR_F_GetFieldAsString(f, 1)), AwkwardRejects::id(1001));
    OGR_F_Destroy(f);
    GDALClose(ds);
}
