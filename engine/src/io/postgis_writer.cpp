// SPDX-License-Identifier: MIT
#include "gdal_util.hpp"
#include "pg_connection.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/io/postgis_writer.hpp>

#include <cctype>

#include <cpl_error.h>
#include <ogrsf_frmts.h>

namespace trygg::io {

bool is_plain_schema_name(const std::string& name)
{
    if (name.empty() || name.size() > 40 || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return name.rfind("pg_", 0) != 0;
}

namespace {

struct Style {
    std::string table, geometry_column, name, qml;
    bool is_default = false;
};

// The styles write.gpkg put in the GeoPackage's layer_styles.
std::vector<Style> read_styles(GDALDataset& gpkg)
{
    std::vector<Style> out;
    OGRLayer* layer = gpkg.GetLayerByName("layer_styles");
    if (!layer)
        return out;
    for (auto& f : *layer) {
        Style s;
        s.table = f->GetFieldAsString("f_table_name");
        s.geometry_column = f->GetFieldAsString("f_geometry_column");
        s.name = f->GetFieldAsString("styleName");
        s.qml = f->GetFieldAsString("styleQML");
        s.is_default = f->GetFieldAsInteger("useAsDefault") != 0;
        out.push_back(std::move(s));
    }
    return out;
}

// The table QGIS creates to save styles in a PostGIS database (QGIS 3.x columns).
constexpr const char* create_layer_styles =
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id serial PRIMARY KEY, f_table_catalog varchar, "
    "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml, "
    "stylesld xml, useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
    "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)";
constexpr const char* trygg_style = "Trygg style";

// One table of the GeoPackage into `out` (inside the caller's transaction: GDALDataset::CopyLayer
// would open its own). Returns false with GDAL's error set.
bool copy_table(OGRLayer& in, GDALDataset& out, const std::string& name, const std::string& schema_option)
{
    const char* options[] = {schema_option.c_str(), "GEOMETRY_NAME=geom", "FID=fid", "LAUNDER=NO",
                             "PRECISION=NO", "SPATIAL_INDEX=GIST", "DIM=2", nullptr};
    auto* defn = in.GetLayerDefn();
    OGRLayer* layer = out.CreateLayer(name.c_str(), in.GetSpatialRef(), in.GetGeomType(), const_cast<char**>(options));
    if (!layer)
        return false;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (layer->CreateField(defn->GetFieldDefn(i)) != OGRERR_NONE)
            return false;
    in.ResetReading();
    for (auto& f : in) {
        OGRFeature copy(layer->GetLayerDefn());
        if (copy.SetFrom(f.get(), TRUE) != OGRERR_NONE)
            return false;
        copy.SetFID(f->GetFID());
        if (layer->CreateFeature(&copy) != OGRERR_NONE)
            return false;
    }
    return layer->SyncToDisk() == OGRERR_NONE;
}

}  // namespace

PostgisWritten write_postgis(const std::filesystem::path& gpkg_path, const PostgisWrite& target)
{
    const auto shown = core::redact_source(target.source);
    const auto fail = [&](const std::string& what) {
        throw core::OutputError("'" + shown + "' schema '" + target.schema + "': " + what);
    };
    if (!is_plain_schema_name(target.schema))
        fail("not a plain schema name");
    detail::ensure_gdal_registered();
    detail::PgConnection pg(target.source, true);
    target.checkpoint("connected");
    // One writer per schema at a time (a batch writes many schemas of one database at once).
    pg.query("SELECT pg_advisory_lock(hashtext($1))", {"trygg:" + target.schema}, "cannot lock the schema");
    const auto schema = pg.quote_identifier(target.schema);
    const std::string new_name = target.schema + "__trygg_new", old_name = target.schema + "__trygg_old";
    const auto fresh = pg.quote_identifier(new_name), old = pg.quote_identifier(old_name);
    // A write killed before its swap left its temporary schema behind; the target is untouched.
    pg.exec("DROP SCHEMA IF EXISTS " + fresh + " CASCADE; DROP SCHEMA IF EXISTS " + old + " CASCADE; CREATE SCHEMA " +
                fresh,
            "cannot create the temporary schema '" + new_name + "'");

    detail::DatasetPtr src(GDALOpenEx(gpkg_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!src)
        fail("cannot open '" + gpkg_path.string() + "' (" + detail::one_line(detail::last_gdal_error("?")) + ")");
    auto* in = static_cast<GDALDataset*>(src.get());
    CPLErrorReset();
    detail::DatasetPtr dst(GDALOpenEx(target.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    if (!dst)
        fail("cannot open for writing (" + detail::one_line(detail::last_gdal_error("?")) + ")");
    auto* out = static_cast<GDALDataset*>(dst.get());

    PostgisWritten written;
    // Every table in one transaction: a kill rolls all of them back.
    if (out->StartTransaction(TRUE) != OGRERR_NONE)
        fail("cannot start a transaction (" + detail::one_line(detail::last_gdal_error("?")) + ")");
    const std::string schema_option = "SCHEMA=" + new_name;
    for (int i = 0; i < in->GetLayerCount(); ++i) {
        OGRLayer* layer = in->GetLayer(i);
        const std::string name = layer->GetName();
        if (name == "layer_styles")
            continue;  // styles go to public.layer_styles, where QGIS looks
        CPLErrorReset();
        if (!copy_table(*layer, *out, name, schema_option) || CPLGetLastErrorType() >= CE_Failure) {
            const auto why = detail::one_line(detail::last_gdal_error("?"));
            out->RollbackTransaction();
            fail("cannot write table '" + name + "' (" + why + ")");
        }
        written.tables.push_back(name);
        target.checkpoint("copied " + name);
    }
    if (out->CommitTransaction() != OGRERR_NONE)
        fail("cannot commit the tables (" + detail::one_line(detail::last_gdal_error("?")) + ")");
    dst.reset();
    target.checkpoint("copied");

    // The swap and the styles: one transaction.
    const auto styles = read_styles(*in);
    std::string sql = "BEGIN; SELECT pg_advisory_xact_lock(hashtext('trygg:layer_styles')); ";
    sql += create_layer_styles;
    sql += "; ";
    const auto existing = pg.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", {target.schema},
                                   "cannot look up the schema");
    written.replaced = !existing.empty();
    if (written.replaced)
        sql += "ALTER SCHEMA " + schema + " RENAME TO " + old + "; ";
    sql += "ALTER SCHEMA " + fresh + " RENAME TO " + schema + "; ";
    if (written.replaced)
        sql += "DROP SCHEMA " + old + " CASCADE; ";
    sql += "DELETE FROM public.layer_styles WHERE f_table_catalog = current_database() AND f_table_schema = " +
           pg.quote_literal(target.schema) + " AND description = " + pg.quote_literal(trygg_style) + "; ";
    for (const auto& s : styles) {
        sql += "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
               "stylename, styleqml, useasdefault, description) VALUES (current_database(), " +
               pg.quote_literal(target.schema) + ", " + pg.quote_literal(s.table) + ", " +
               (s.geometry_column.empty() ? std::string("NULL") : pg.quote_literal(s.geometry_column)) + ", " +
               pg.quote_literal(s.name) + ", XMLPARSE(DOCUMENT " + pg.quote_literal(s.qml) + "), " +
               (s.is_default ? "true" : "false") + ", " + pg.quote_literal(trygg_style) + "); ";
    }
    sql += "COMMIT";
    written.styles = styles.size();
    try {
        pg.exec(sql, "cannot replace the schema");
    } catch (const core::OutputError&) {
        pg.exec("ROLLBACK", "cannot roll back");
        throw;
    }
    target.checkpoint("swapped");
    return written;
}

}  // namespace trygg::io
