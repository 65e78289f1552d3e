// SPDX-License-Identifier: MIT
#include "gdal_util.hpp"
#include "move_into_place.hpp"
#include "sqlite_bulk.hpp"

#include <trygg/core/test_file_limit.hpp>
#include <trygg/core/error.hpp>
#include <trygg/io/geopackage_writer.hpp>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <exception>
#include <optional>
#include <thread>
#include <unistd.h>

namespace trygg::io {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what)
{
    throw core::OutputError(path.string() + ": " + what);
}

OGRMultiPolygon to_ogr(const core::MultiPolygon& mp)
{
    OGRMultiPolygon out;
    for (const auto& poly : mp) {
        OGRPolygon p;
        auto add_ring = [&](const core::Ring& ring) {
            OGRLinearRing r;
            r.setNumPoints(static_cast<int>(ring.size()), FALSE);
            for (std::size_t i = 0; i < ring.size(); ++i)
                r.setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
            p.addRing(&r);
        };
        add_ring(poly.outer);
        for (const auto& h : poly.holes)
            add_ring(h);
        out.addGeometry(&p);
    }
    return out;
}

// Creates the table through GDAL (schema, gpkg_contents, spatial index). Rows of tables with
// geometry are written through OGR; rows of non-spatial tables are left to bulk_insert once
// GDAL has closed the file: the returned entry says where.
std::optional<detail::BulkTable> write_table(GDALDataset& ds, const FeatureTable& table,
                                             const std::filesystem::path& path, const std::function<void()>& checkpoint)
{
    const auto rows = table.row_count();
    // A table of generated rows stays generated: its rows are streamed by bulk_insert.
    if (!table.row_source())
        for (const auto& c : table.columns())
            if (c.size() != rows)
                fail(path, "internal: column '" + c.name + "' of '" + table.name() + "' has " +
                               std::to_string(c.size()) + " values for " + std::to_string(rows) + " rows");
    // Coded rows are written as two plain tables and a view, all by bulk_insert.
    if (table.geometry_kind() == GeometryKind::none && table.row_source() && table.row_source()->coded_rows()) {
        detail::BulkTable bulk{&table, table.name(), {}, true, {}};
        for (const auto& c : table.column_specs())
            bulk.sql_fields.push_back(c.name);
        if (const char* now = CPLGetConfigOption("OGR_CURRENT_DATE", nullptr))
            bulk.last_change = now;
        return bulk;
    }
    OGRSpatialReference srs;
    OGRSpatialReference* srs_ptr = nullptr;
    if (table.geometry_kind() != GeometryKind::none && !table.crs.empty()) {
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (srs.SetFromUserInput(table.crs.c_str()) != OGRERR_NONE)
            fail(path, "unknown CRS '" + table.crs + "' for layer '" + table.name() + "'");
        srs_ptr = &srs;
    }
    OGRwkbGeometryType gtype = wkbNone;
    if (table.geometry_kind() == GeometryKind::point)
        gtype = wkbPoint;
    else if (table.geometry_kind() == GeometryKind::multipolygon)
        gtype = wkbMultiPolygon;
    const char* options[] = {"SPATIAL_INDEX=YES", nullptr, nullptr};
    std::string desc = "DESCRIPTION=" + table.description;
    if (!table.description.empty())
        options[1] = desc.c_str();
    OGRLayer* layer = ds.CreateLayer(table.name().c_str(), srs_ptr, gtype, const_cast<char**>(options));
    if (!layer)
        fail(path, "cannot create layer '" + table.name() + "' (" + detail::last_gdal_error("unknown error") + ")");
    for (const auto& c : table.column_specs()) {
        OGRFieldType ft = OFTString;
        if (c.kind == ColumnKind::integer)
            ft = OFTInteger64;
        else if (c.kind == ColumnKind::real)
            ft = OFTReal;
        OGRFieldDefn fd(c.name.c_str(), ft);
        if (layer->CreateField(&fd) != OGRERR_NONE)
            fail(path, "cannot create field '" + c.name + "' in '" + table.name() + "'");
    }
    if (table.geometry_kind() == GeometryKind::none) {
        detail::BulkTable bulk{&table, layer->GetName(), {}, false, {}};
        const auto* d = layer->GetLayerDefn();
        for (int i = 0; i < d->GetFieldCount(); ++i)
            bulk.sql_fields.emplace_back(d->GetFieldDefn(i)->GetNameRef());
        return bulk;
    }
    if (ds.StartTransaction() != OGRERR_NONE)
        fail(path, "cannot start a transaction");
    const auto* defn = layer->GetLayerDefn();
    for (std::size_t r = 0; r < rows; ++r) {
        OGRFeature f(const_cast<OGRFeatureDefn*>(defn));
        for (std::size_t ci = 0; ci < table.columns().size(); ++ci) {
            const auto& c = table.columns()[ci];
            int fi = static_cast<int>(ci);
            std::visit(
                [&](const auto& values) {
                    using V = std::decay_t<decltype(values)>;
                    if constexpr (std::is_same_v<V, std::vector<double>>) {
                        if (std::isfinite(values[r]))
                            f.SetField(fi, values[r]);
                        else
                            f.SetFieldNull(fi);
                    } else if constexpr (std::is_same_v<V, std::vector<std::optional<std::int64_t>>>) {
                        if (values[r])
                            f.SetField(fi, static_cast<GIntBig>(*values[r]));
                        else
                            f.SetFieldNull(fi);
                    } else {
                        if (values[r])
                            f.SetField(fi, values[r]->c_str());
                        else
                            f.SetFieldNull(fi);
                    }
                },
                c.values);
        }
        if (table.geometry_kind() == GeometryKind::multipolygon) {
            auto g = to_ogr(table.polygons[r]);
            f.SetGeometry(&g);
        } else if (table.geometry_kind() == GeometryKind::point) {
            OGRPoint p(table.points[r].x, table.points[r].y);
            f.SetGeometry(&p);
        }
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            fail(path, "cannot write row " + std::to_string(r + 1) + " of '" + table.name() + "' (" +
                           detail::last_gdal_error("disk full?") + ")");
        // Transactions of bounded size: a long layer never waits in memory for one commit.
        if ((r + 1) % detail::rows_per_transaction == 0 && r + 1 < rows &&
            (ds.CommitTransaction() != OGRERR_NONE || ds.StartTransaction() != OGRERR_NONE))
            fail(path, "cannot commit '" + table.name() + "' (" + detail::last_gdal_error("disk full?") + ")");
        if ((r + 1) % detail::rows_per_checkpoint == 0 && checkpoint)
            checkpoint();  // a cancel stops within milliseconds (the temporary is removed)
    }
    if (ds.CommitTransaction() != OGRERR_NONE)
        fail(path, "cannot commit '" + table.name() + "' (" + detail::last_gdal_error("disk full?") + ")");
    return std::nullopt;
}

// QGIS reads a layer's default style from this table (the schema QGIS itself creates).
void write_styles(GDALDataset& ds, const std::vector<const FeatureTable*>& tables, const std::filesystem::path& path)
{
    bool any = false;
    for (const auto* t : tables)
        any = any || !t->style_qml.empty() || !t->extra_styles.empty();
    if (!any)
        return;
    const char* options[] = {"FID=id", nullptr};
    OGRLayer* layer = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
    if (!layer)
        fail(path, "cannot create layer_styles");
    for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                             "styleQML", "styleSLD"}) {
        OGRFieldDefn fd(name, OFTString);
        layer->CreateField(&fd);
    }
    OGRFieldDefn def("useAsDefault", OFTInteger);
    def.SetSubType(OFSTBoolean);
    layer->CreateField(&def);
    for (const char* name : {"description", "owner", "ui"}) {
        OGRFieldDefn fd(name, OFTString);
        layer->CreateField(&fd);
    }
    OGRFieldDefn upd("update_time", OFTDateTime);
    layer->CreateField(&upd);
    auto add = [&](const FeatureTable& t, const std::string& name, const std::string& qml, bool is_default) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", t.name().c_str());
        f.SetField("f_geometry_column", t.geometry_kind() == GeometryKind::none ? "" : "geom");
        f.SetField("styleName", name.c_str());
        f.SetField("styleQML", qml.c_str());
        f.SetField("styleSLD", "");
        f.SetField("useAsDefault", is_default ? 1 : 0);
        f.SetField("description", "Trygg style");
        f.SetField("owner", "");
        f.SetField("ui", "");
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            fail(path, "cannot write the style '" + name + "' of '" + t.name() + "'");
    };
    for (const auto* t : tables) {
        if (!t->style_qml.empty())
            add(*t, t->style_name.empty() ? t->name() : t->style_name, t->style_qml, true);
        for (const auto& [name, qml] : t->extra_styles)
            add(*t, name, qml, false);
    }
}

// Flushes a file to disk so that a rename never exposes a file whose data is not there yet.
void sync_file(const std::filesystem::path& p)
{
    int fd = ::open(p.c_str(), O_RDONLY);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

std::filesystem::path temp_name(const std::filesystem::path& final_path)
{
    auto dir = final_path.parent_path();
    return dir / ("." + final_path.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

// A run killed with SIGKILL cannot clean up: its temporary files are removed by the next run
// that writes to the same folder, once their process is gone.
void remove_stale_temporaries(const std::filesystem::path& dir)
{
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        auto name = entry.path().filename().string();
        auto pos = name.rfind(".tmp-");
        if (name.empty() || name[0] != '.' || pos == std::string::npos)
            continue;
        char* end = nullptr;
        long pid = std::strtol(name.c_str() + pos + 5, &end, 10);
        std::string rest = end ? end : "";
        if (pid <= 0 || !(rest.empty() || rest == "-journal" || rest == "-wal" || rest == "-shm" || rest == "-prev") ||
            pid == ::getpid())
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            std::filesystem::remove(entry.path(), ec);
    }
}

// GeoPackages carry a last-change time; with SOURCE_DATE_EPOCH set (the reproducible-builds
// convention) it is that time, so identical runs give identical bytes.
void write_contents(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& tmp,
                    const std::filesystem::path& path, const std::function<void()>& checkpoint);

void set_reproducible_time()
{
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        std::time_t t = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", std::gmtime(&t));
        CPLSetConfigOption("OGR_CURRENT_DATE", buf);
    }
}

}  // namespace

std::vector<std::filesystem::path> write_geopackage(const std::vector<const FeatureTable*>& tables,
                                                    const std::vector<SideFile>& side_files,
                                                    const std::filesystem::path& path,
                                                    const std::function<void()>& checkpoint)
{
    detail::ensure_gdal_registered();
    std::error_code ec;
    auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    if (!std::filesystem::is_directory(dir, ec))
        fail(path, "output folder '" + dir.string() + "' does not exist");
    if (::access(dir.c_str(), W_OK) != 0)
        fail(path, "output folder '" + dir.string() + "' is not writable");

    remove_stale_temporaries(dir);
    set_reproducible_time();
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> renames;  // temp -> final
    auto cleanup = [&] {
        std::error_code ignored;  // its own code: `ec` may hold the failure being reported
        for (const auto& [tmp, fin] : renames) {
            std::filesystem::remove(tmp, ignored);
            std::filesystem::remove(tmp.string() + "-journal", ignored);
        }
    };
    auto tmp = temp_name(path);
    std::filesystem::remove(tmp, ec);
    renames.emplace_back(tmp, path);
    for (const auto& side : side_files) {
        auto fin = dir / side.final_name;
        renames.emplace_back(temp_name(fin), fin);
    }
    // The side files (the internal GeoPackage with its rejects, rasters, the manifest) are
    // separate files: written on a second thread while this one writes the GeoPackage (issue 20).
    // A test's file-size limit (setrlimit) holds for the whole process, so with one set the
    // files are written one after the other, each under its own limit.
    const bool limited = std::getenv("TRYGG_TEST_FILE_SIZE_LIMIT") != nullptr;
    // The second thread checks for a cancel too (between files, and the internal GeoPackage
    // between its transactions), so a cancelled run does not wait for it to finish writing.
    auto write_sides = [&] {
        for (std::size_t i = 0; i < side_files.size(); ++i) {
            if (checkpoint)
                checkpoint();
            if (limited)
                core::apply_test_file_limit(side_files[i].final_name);
            side_files[i].write(renames[i + 1].first, checkpoint);
        }
    };
    std::exception_ptr side_error;
    std::thread sides;
    try {
        if (!limited && !side_files.empty())
            sides = std::thread([&] {
                try {
                    write_sides();
                } catch (...) {
                    side_error = std::current_exception();
                }
            });
        core::apply_test_file_limit(path.filename().string());
        write_contents(tables, tmp, path, checkpoint);
        if (sides.joinable())
            sides.join();
        else
            write_sides();
        if (side_error)
            std::rethrow_exception(side_error);
        if (checkpoint)
            checkpoint();  // the last moment a cancel keeps the previous output
    } catch (...) {
        if (sides.joinable())
            sides.join();  // its temporaries are removed below, with this thread's
        CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr);
        cleanup();
        throw;
    }
    // Everything is written: move into place all or nothing (side files first, the GeoPackage
    // last; a failed move puts every previous file back).
    std::vector<std::filesystem::path> written;
    if (auto failure = detail::move_into_place(renames); !failure.target.empty())
        fail(failure.target, failure.reason);
    for (const auto& [temporary, fin] : renames)
        written.push_back(fin);
    return written;
}

void write_geopackage_file(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& file,
                           const std::function<void()>& checkpoint)
{
    detail::ensure_gdal_registered();
    std::error_code ec;
    std::filesystem::remove(file, ec);
    try {
        write_contents(tables, file, file, checkpoint);
    } catch (...) {
        CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr);
        throw;
    }
}

namespace {
// Writes a new GeoPackage at `tmp` (errors name `path`, the final name) and syncs it;
// `checkpoint` (may be empty) between transactions of long tables.
void write_contents(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& tmp,
                    const std::filesystem::path& path, const std::function<void()>& checkpoint)
{
    auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver)
        fail(path, "GDAL has no GPKG driver");
    CPLErrorReset();
    // No fsync per transaction: the file is a temporary that is synced once, below, before
    // it is renamed into place.
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    std::unique_ptr<GDALDataset> ds(driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        fail(path, "cannot create (" + detail::last_gdal_error("unknown error") + ")");
    std::vector<detail::BulkTable> bulk;
    for (const auto* t : tables)
        if (auto b = write_table(*ds, *t, path, checkpoint))
            bulk.push_back(std::move(*b));
    write_styles(*ds, tables, path);
    CPLErrorReset();
    ds->FlushCache();
    ds.reset();  // closes the file
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr);
    if (CPLGetLastErrorType() >= CE_Failure)
        fail(path, "cannot finish writing (" + detail::last_gdal_error("disk full?") + ")");
    detail::bulk_insert(tmp, bulk, path, checkpoint);
    sync_file(tmp);
}
}  // namespace

}  // namespace trygg::io
