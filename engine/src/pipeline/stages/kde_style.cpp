// SPDX-License-Identifier: MIT
#include "kde_style.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/styles.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace trygg::pipeline {

namespace {

std::string number(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

void replace_all(std::string& s, const std::string& from, const std::string& to)
{
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

}  // namespace

RasterRange raster_range(const std::vector<float>& values, float nodata)
{
    RasterRange r;
    for (float v : values) {
        if (std::isnan(v) || v == nodata)
            continue;
        if (r.empty) {
            r.min = r.max = v;
            r.empty = false;
        } else {
            r.min = std::min(r.min, static_cast<double>(v));
            r.max = std::max(r.max, static_cast<double>(v));
        }
    }
    return r;
}

std::string kde_raster_qml(const RasterRange& range)
{
    std::string qml = style_qml("kde_raster");
    if (qml.empty())
        throw core::OutputError("the kde raster style (kde_raster.qml) is missing from this build");
    const double lo = range.empty ? 0.0 : range.min;
    const double hi = (range.empty || !(range.max > range.min)) ? lo + 1.0 : range.max;
    replace_all(qml, "@MIN@", number(lo));
    replace_all(qml, "@MAX@", number(hi));
    for (int i = 0; i <= 4; ++i) {
        // The end stops are the range itself; the inner ones are rounded for the legend only.
        const double v = i == 0 ? lo : i == 4 ? hi : lo + (hi - lo) * i / 4.0;
        const auto k = std::to_string(i);
        replace_all(qml, "@V" + k + "@", number(v));
        char label[40];
        std::snprintf(label, sizeof label, "%.3g", v);
        replace_all(qml, "@L" + k + "@", label);
    }
    return qml;
}

void add_kde_style_side_file(Contribution& out, const std::string& tif_name, const std::vector<float>* values,
                             float nodata, std::shared_ptr<const JointPixelMask> joint)
{
    const auto dot = tif_name.rfind('.');
    const auto name = (dot == std::string::npos ? tif_name : tif_name.substr(0, dot)) + ".qml";
    out.side_file({name,
                           [values, nodata, joint](const std::filesystem::path& p, const std::function<void()>&) {
                               // The range of the published pixels: without those another
                               // raster on the same grid made this one withhold.
                               std::vector<float> shown;
                               if (joint && !joint->withheld.empty()) {
                                   shown = *values;
                                   apply_joint_mask(shown, *joint, nodata);
                               }
                               const auto qml = kde_raster_qml(raster_range(shown.empty() ? *values : shown, nodata));
                               std::ofstream f(p, std::ios::binary);
                               f << qml;
                               f.close();
                               if (!f)
                                   throw core::OutputError("cannot write '" + p.string() + "'");
                           },
                           "QGIS style of " + tif_name + " (opened with it)"});
}

}  // namespace trygg::pipeline
