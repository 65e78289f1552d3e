// SPDX-License-Identifier: MIT
#include "reference_data.hpp"

#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <gdal.h>

#include <cmath>
#include <stdexcept>

namespace trygg::test {

namespace {

struct Dataset {
    GDALDatasetH ds = nullptr;
    explicit Dataset(const std::filesystem::path& p)
    {
        GDALAllRegister();
        ds = GDALOpenEx(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
        if (!ds)
            throw std::runtime_error("cannot open " + p.string());
    }
    ~Dataset() { GDALClose(ds); }
    OGRLayerH layer(const std::string& name = "") const
    {
        OGRLayerH l = name.empty() ? GDALDatasetGetLayer(ds, 0) : GDALDatasetGetLayerByName(ds, name.c_str());
        if (!l)
            throw std::runtime_error("layer not found: " + name);
        return l;
    }
};

template <typename F> void each_feature(const std::filesystem::path& path, F f, const std::string& name = "")
{
    Dataset d(path);
    OGRLayerH layer = d.layer(name);
    OGR_L_ResetReading(layer);
    while (OGRFeatureH feat = OGR_L_GetNextFeature(layer)) {
        f(feat);
        OGR_F_Destroy(feat);
    }
}

int field_index(OGRFeatureH feat, const std::string& field)
{
    const int i = OGR_F_GetFieldIndex(feat, field.c_str());
    if (i < 0)
        throw std::runtime_error("field not found: " + field);
    return i;
}

core::Ring ring_of(OGRGeometryH g)
{
    core::Ring r;
    const int n = OGR_G_GetPointCount(g);
    for (int k = 0; k < n; ++k)
        r.push_back({OGR_G_GetX(g, k), OGR_G_GetY(g, k)});
    return r;
}

core::Polygon polygon_of(OGRGeometryH g)
{
    core::Polygon p;
    const int rings = OGR_G_GetGeometryCount(g);
    for (int k = 0; k < rings; ++k) {
        if (k == 0)
            p.outer = ring_of(OGR_G_GetGeometryRef(g, k));
        else
            p.holes.push_back(ring_of(OGR_G_GetGeometryRef(g, k)));
    }
    return p;
}

}  // namespace

std::vector<double> read_numbers(const std::filesystem::path& path, const std::string& field, const std::string& layer)
{
    std::vector<double> out;
    each_feature(
        path,
        [&](OGRFeatureH f) {
            const int i = field_index(f, field);
            out.push_back(OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsDouble(f, i) : std::nan(""));
        },
        layer);
    return out;
}

std::vector<std::string> read_strings(const std::filesystem::path& path, const std::string& field,
                                      const std::string& layer)
{
    std::vector<std::string> out;
    each_feature(
        path, [&](OGRFeatureH f) { out.emplace_back(OGR_F_GetFieldAsString(f, field_index(f, field))); }, layer);
    return out;
}

std::vector<std::string> read_field_names(const std::filesystem::path& path, const std::string& layer)
{
    Dataset d(path);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(d.layer(layer));
    std::vector<std::string> out;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        out.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    return out;
}

std::vector<core::MultiPolygon> read_polygons(const std::filesystem::path& path)
{
    std::vector<core::MultiPolygon> out;
    each_feature(path, [&](OGRFeatureH f) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        core::MultiPolygon mp;
        if (g) {
            const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
            if (type == wkbPolygon)
                mp.push_back(polygon_of(g));
            else if (type == wkbMultiPolygon)
                for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k)
                    mp.push_back(polygon_of(OGR_G_GetGeometryRef(g, k)));
        }
        out.push_back(std::move(mp));
    });
    return out;
}

}  // namespace trygg::test
