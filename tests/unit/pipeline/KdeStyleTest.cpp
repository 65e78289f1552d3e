// SPDX-License-Identifier: MIT
// The QGIS style written beside each kde GeoTIFF: its range is the raster's own (nodata and NaN
// left out), the template's tokens are all filled, and degenerate rasters still get a valid ramp.
#include "../../../engine/src/pipeline/stages/kde_style.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

using namespace trygg::pipeline;

namespace {

std::string attribute(const std::string& xml, const std::string& name)
{
    const auto key = " " + name + "=\"";
    const auto at = xml.find(key);
    if (at == std::string::npos)
        return "<missing>";
    const auto start = at + key.size();
    return xml.substr(start, xml.find('"', start) - start);
}

}  // namespace

TEST(KdeStyle, RangeSkipsNodataAndNaN)
{
    const float nodata = -9999.0f;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const auto r = raster_range({nodata, 0.5f, 3.25f, nan, 2.0f, nodata}, nodata);
    EXPECT_FALSE(r.empty);
    EXPECT_EQ(r.min, 0.5);
    EXPECT_EQ(r.max, 3.25);
    EXPECT_TRUE(raster_range({nodata, nodata}, nodata).empty);
}

TEST(KdeStyle, TemplateFilledWithTheRange)
{
    RasterRange r;
    r.min = 0.5;
    r.max = 3.25;
    r.empty = false;
    const auto qml = kde_raster_qml(r);
    EXPECT_EQ(qml.find('@'), std::string::npos) << "a token was left unfilled";
    EXPECT_NE(qml.find("type=\"singlebandpseudocolor\""), std::string::npos);
    EXPECT_EQ(attribute(qml, "classificationMin"), "0.5");
    EXPECT_EQ(attribute(qml, "classificationMax"), "3.25");
    EXPECT_EQ(attribute(qml, "minimumValue"), "0.5");
    EXPECT_EQ(attribute(qml, "maximumValue"), "3.25");
    EXPECT_EQ(attribute(qml, "opacity"), "0.8");
    // Stops at 0, 25, 50, 75, 100 % of [0.5, 3.25] (hand-computed: step 0.6875).
    for (const char* v : {"value=\"0.5\"", "value=\"1.1875\"", "value=\"1.875\"", "value=\"2.5625\"", "value=\"3.25\""})
        EXPECT_NE(qml.find(v), std::string::npos) << v;
}

TEST(KdeStyle, FlatOrEmptyRasterGetsAUnitRange)
{
    RasterRange flat;
    flat.min = flat.max = 0;
    flat.empty = false;
    auto qml = kde_raster_qml(flat);
    EXPECT_EQ(attribute(qml, "classificationMin"), "0");
    EXPECT_EQ(attribute(qml, "classificationMax"), "1");
    qml = kde_raster_qml(RasterRange{});
    EXPECT_EQ(attribute(qml, "classificationMax"), "1");
}
