// SPDX-License-Identifier: MIT
#include <trygg/io/geotiff.hpp>

#include <trygg/core/error.hpp>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace trygg::io {

namespace {
void register_gdal()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}
}  // namespace

void write_geotiff(const std::filesystem::path& path, const GeoRaster& r, const std::function<void()>& checkpoint)
{
    register_gdal();
    const std::string where = "GeoTIFF '" + path.string() + "': ";
    if (r.cols <= 0 || r.rows <= 0 || r.values.size() != static_cast<std::size_t>(r.cols * r.rows))
        throw core::OutputError(where + "raster size does not match its values");
    if (r.cols > INT32_MAX || r.rows > INT32_MAX)
        throw core::OutputError(where + "raster too large");
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver)
        throw core::OutputError(where + "GDAL has no GTiff driver");
    char** opts = nullptr;
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "3");  // floating-point predictor
    opts = CSLSetNameValue(opts, "TILED", "YES");
    opts = CSLSetNameValue(opts, "BIGTIFF", "IF_SAFER");
    GDALDatasetH ds = GDALCreate(driver, path.string().c_str(), static_cast<int>(r.cols), static_cast<int>(r.rows), 1,
                                 GDT_Float32, opts);
    CSLDestroy(opts);
    if (!ds)
        throw core::OutputError(where + "cannot create: " + CPLGetLastErrorMsg());
    bool ok = true;
    double gt[6] = {r.origin_x, r.pixel, 0, r.origin_y, 0, -r.pixel};
    ok = ok && GDALSetGeoTransform(ds, gt) == CE_None;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    if (OSRSetFromUserInput(srs, r.crs.c_str()) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        GDALClose(ds);
        throw core::OutputError(where + "unknown CRS '" + r.crs + "'");
    }
    char* wkt = nullptr;
    OSRExportToWkt(srs, &wkt);
    ok = ok && GDALSetProjection(ds, wkt) == CE_None;
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    for (const auto& [k, v] : r.metadata)
        GDALSetMetadataItem(ds, k.c_str(), v.c_str(), nullptr);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    ok = ok && GDALSetRasterNoDataValue(band, r.nodata) == CE_None;
    if (!r.description.empty())
        GDALSetDescription(band, r.description.c_str());
    // A row of tiles at a time, compressed (flushed) before the next, with a cancel check
    // between: one DEFLATE pass over a large KDE raster took up to 0.9 s of CPU (issue 21's
    // cancel limit is 0.5 s). The tiles are the same as from one write.
    constexpr std::int64_t strip = 256;  // the GTiff driver's default tile height
    const auto cancelled_at = [&](GDALDatasetH open) {
        try {
            if (checkpoint)
                checkpoint();
        } catch (...) {
            GDALClose(open);  // the caller removes the temporary
            throw;
        }
    };
    for (std::int64_t y = 0; ok && y < r.rows; y += strip) {
        const auto h = std::min(strip, r.rows - y);
        ok = GDALRasterIO(band, GF_Write, 0, static_cast<int>(y), static_cast<int>(r.cols), static_cast<int>(h),
                          const_cast<float*>(r.values.data() + y * r.cols), static_cast<int>(r.cols),
                          static_cast<int>(h), GDT_Float32, 0, 0) == CE_None;
        if (ok)
            GDALFlushCache(ds);  // returns nothing in GDAL 3.6: a failure shows at close (below)
        cancelled_at(ds);
    }
    std::string msg = ok ? "" : CPLGetLastErrorMsg();
    // GDAL 3.6's GDALClose returns nothing: the tiles written on close (a full disk, a file-size
    // limit) fail only as a CPLError, so reset it first and look at it after.
    CPLErrorReset();
    GDALClose(ds);
    if (ok && CPLGetLastErrorType() >= CE_Failure) {
        ok = false;
        msg = CPLGetLastErrorMsg();
    }
    if (!ok)
        throw core::OutputError(where + "write failed: " + msg);
    // Verified before the caller renames it into place: every tile reads back as written.
    CPLErrorReset();
    GDALDatasetH check = GDALOpen(path.string().c_str(), GA_ReadOnly);
    bool readable = check && GDALGetRasterXSize(check) == r.cols && GDALGetRasterYSize(check) == r.rows;
    bool same = readable;
    std::vector<float> back(static_cast<std::size_t>(std::min(strip, r.rows) * r.cols));
    for (std::int64_t y = 0; readable && same && y < r.rows; y += strip) {
        const auto h = std::min(strip, r.rows - y);
        readable = GDALRasterIO(GDALGetRasterBand(check, 1), GF_Read, 0, static_cast<int>(y), static_cast<int>(r.cols),
                                static_cast<int>(h), back.data(), static_cast<int>(r.cols), static_cast<int>(h),
                                GDT_Float32, 0, 0) == CE_None;
        same = readable && std::memcmp(back.data(), r.values.data() + y * r.cols,
                                       static_cast<std::size_t>(h * r.cols) * sizeof(float)) == 0;
        cancelled_at(check);
    }
    msg = readable ? "" : CPLGetLastErrorMsg();
    if (check)
        GDALClose(check);
    if (!readable || !same)
        throw core::OutputError(where + "the written file does not read back as written" +
                                (msg.empty() ? std::string() : ": " + msg) + " (disk full?)");
}

GeoRaster read_geotiff(const std::filesystem::path& path)
{
    register_gdal();
    GDALDatasetH ds = GDALOpen(path.string().c_str(), GA_ReadOnly);
    if (!ds)
        throw core::InputError("GeoTIFF '" + path.string() + "': cannot open");
    GeoRaster r;
    double gt[6];
    GDALGetGeoTransform(ds, gt);
    r.origin_x = gt[0];
    r.origin_y = gt[3];
    r.pixel = gt[1];
    r.cols = GDALGetRasterXSize(ds);
    r.rows = GDALGetRasterYSize(ds);
    r.crs = GDALGetProjectionRef(ds);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int has = 0;
    const double nd = GDALGetRasterNoDataValue(band, &has);
    if (has)
        r.nodata = static_cast<float>(nd);
    if (const char* c = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"))
        r.metadata["COMPRESSION"] = c;
    if (const char* d = GDALGetDescription(band); d && *d)
        r.description = d;
    r.values.resize(static_cast<std::size_t>(r.cols * r.rows));
    const auto err = GDALRasterIO(band, GF_Read, 0, 0, static_cast<int>(r.cols), static_cast<int>(r.rows),
                                  r.values.data(), static_cast<int>(r.cols), static_cast<int>(r.rows), GDT_Float32, 0, 0);
    GDALClose(ds);
    if (err != CE_None)
        throw core::InputError("GeoTIFF '" + path.string() + "': read failed");
    return r;
}

}  // namespace trygg::io
