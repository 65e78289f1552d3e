// SPDX-License-Identifier: MIT
#include <trygg/io/feature_points.hpp>

#include "gdal_util.hpp"

#include <trygg/core/error.hpp>
#include <trygg/crs/transformer.hpp>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <memory>
#include <optional>

namespace trygg::io {

namespace {

struct SrsDeleter {
    void operator()(void* p) const { OSRDestroySpatialReference(p); }
};
struct FeatureDeleter {
    void operator()(void* p) const { OGR_F_Destroy(p); }
};
struct GeometryDeleter {
    void operator()(void* p) const { OGR_G_DestroyGeometry(p); }
};

// Every vertex of `g` (and of its parts and rings) through `t`; false when one cannot be.
bool transform_geometry(OGRGeometryH g, const crs::Transformer& t)
{
    if (const int parts = OGR_G_GetGeometryCount(g); parts > 0) {
        for (int i = 0; i < parts; ++i)
            if (!transform_geometry(OGR_G_GetGeometryRef(g, i), t))
                return false;
        return true;
    }
    const int n = OGR_G_GetPointCount(g);
    std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        x[static_cast<std::size_t>(i)] = OGR_G_GetX(g, i);
        y[static_cast<std::size_t>(i)] = OGR_G_GetY(g, i);
    }
    t.transform(x.data(), y.data(), x.size());
    for (int i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        if (!std::isfinite(x[k]) || !std::isfinite(y[k]))
            return false;
        OGR_G_SetPoint_2D(g, i, x[k], y[k]);
    }
    return true;
}

// The feature's point in the target CRS (`transform` null: the layer is in it already);
// false when it has none.
bool locate(OGRFeatureH f, const crs::Transformer* transform, core::Point& p, double& radius, std::string& wkb)
{
    wkb.clear();
    OGRGeometryH geom = OGR_F_GetGeometryRef(f);
    if (!geom || OGR_G_IsEmpty(geom))
        return false;
    std::unique_ptr<void, GeometryDeleter> g(OGR_G_Clone(geom));
    if (transform && !transform_geometry(g.get(), *transform))
        return false;
    radius = 0.0;
    if (wkbFlatten(OGR_G_GetGeometryType(g.get())) == wkbPoint) {
        p = {OGR_G_GetX(g.get(), 0), OGR_G_GetY(g.get(), 0)};
    } else {
        std::unique_ptr<void, GeometryDeleter> c(OGR_G_CreateGeometry(wkbPoint));
        if (OGR_G_Centroid(g.get(), c.get()) != OGRERR_NONE)
            return false;
        p = {OGR_G_GetX(c.get(), 0), OGR_G_GetY(c.get(), 0)};
        double area = OGR_G_Area(g.get());
        radius = area > 0 ? std::sqrt(area / M_PI) : 0.0;
        const auto flat = wkbFlatten(OGR_G_GetGeometryType(g.get()));
        if (flat == wkbPolygon || flat == wkbMultiPolygon) {
            std::unique_ptr<void, GeometryDeleter> flat2d(OGR_G_Clone(g.get()));
            OGR_G_FlattenTo2D(flat2d.get());
            wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(flat2d.get())));
            if (OGR_G_ExportToWkb(flat2d.get(), wkbNDR, reinterpret_cast<unsigned char*>(wkb.data())) != OGRERR_NONE)
                wkb.clear();
        }
    }
    return std::isfinite(p.x) && std::isfinite(p.y);
}

}  // namespace

void for_each_feature_point(const std::string& path, const std::string& layer_name, const std::string& target_crs,
                            const std::function<std::vector<int>(const std::vector<std::string>& fields)>& header,
                            const std::function<void(const FeaturePoint&)>& feature)
{
    detail::ensure_gdal_registered();
    const std::string where = path + (layer_name.empty() ? "" : " layer '" + layer_name + "'");
    detail::DatasetPtr ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds)
        throw core::InputError(path + ": cannot open as a vector source: " + CPLGetLastErrorMsg());
    OGRLayerH layer = layer_name.empty() ? GDALDatasetGetLayer(ds.get(), 0)
                                         : GDALDatasetGetLayerByName(ds.get(), layer_name.c_str());
    if (!layer)
        throw core::InputError(where + ": layer not found");
    auto defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::string> fields;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        fields.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    const auto wanted = header(fields);

    std::unique_ptr<void, SrsDeleter> target(OSRNewSpatialReference(nullptr));
    if (OSRSetFromUserInput(target.get(), target_crs.c_str()) != OGRERR_NONE)
        throw core::InputError("unknown working CRS '" + target_crs + "'");
    OSRSetAxisMappingStrategy(target.get(), OAMS_TRADITIONAL_GIS_ORDER);
    // A layer in the target CRS already is read as it is; any other goes through crs.
    std::optional<crs::Transformer> transform;
    std::unique_ptr<void, SrsDeleter> source;
    if (auto src = OGR_L_GetSpatialRef(layer)) {
        source.reset(OSRClone(src));
        OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
    }
    if (source && !OSRIsSame(source.get(), target.get())) {
        char* wkt = nullptr;
        const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
        std::string source_wkt;
        if (OSRExportToWktEx(source.get(), &wkt, wkt_options) == OGRERR_NONE && wkt)
            source_wkt = wkt;
        CPLFree(wkt);
        try {
            transform.emplace(source_wkt, target_crs);
        } catch (const core::InputError&) {
            throw core::InputError(where + ": cannot transform to " + target_crs);
        }
    }

    std::vector<std::string> values(fields.size());
    OGR_L_ResetReading(layer);
    while (true) {
        std::unique_ptr<void, FeatureDeleter> f(OGR_L_GetNextFeature(layer));
        if (!f)
            break;
        FeaturePoint fp{static_cast<std::int64_t>(OGR_F_GetFID(f.get())), false, {}, 0.0, values, {}};
        fp.located = locate(f.get(), transform ? &*transform : nullptr, fp.point, fp.radius, fp.area_wkb);
        for (int i : wanted)
            if (i >= 0 && static_cast<std::size_t>(i) < values.size())
                values[static_cast<std::size_t>(i)] =
                    OGR_F_IsFieldSetAndNotNull(f.get(), i) ? OGR_F_GetFieldAsString(f.get(), i) : "";
        feature(fp);
    }
}

}  // namespace trygg::io
