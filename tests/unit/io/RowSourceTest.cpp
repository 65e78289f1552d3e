// SPDX-License-Identifier: MIT
// Tables of generated rows (io/row_source.hpp): written by streaming from the source, in
// transactions of bounded size, the same rows a table of columns gives.
#include <trygg/core/error.hpp>
#include <trygg/io/feature_table.hpp>
#include <trygg/io/geopackage_writer.hpp>

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cmath>
#include <memory>

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
    // One layer, with its description; the tables behind the view are not layers.
    EXPECT_EQ(query(db.db, "SELECT table_name, data_type, description FROM gpkg_contents"),
              (std::vector<std::vector<std::string>>{{"rejects", "attributes", "planted rejects"}}));
}
