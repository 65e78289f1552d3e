// SPDX-License-Identifier: MIT
// Test helper for tests/qgis/test_kde_vs_qgis.py: KDE of a CSV of x,y points (EPSG:3006) on the
// QGIS heatmap extent convention, written as a GeoTIFF by the engine's own writer.
//   trygg_kde_helper points.csv out.tif kernel radius pixel [density|expected]
#include <trygg/core/error.hpp>
#include <trygg/io/geotiff.hpp>
#include <trygg/stats/kernel_density.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

using namespace trygg;

int main(int argc, char** argv)
{
    if (argc < 6) {
        std::cerr << "usage: trygg_kde_helper points.csv out.tif kernel radius pixel [density|expected]\n";
        return 2;
    }
    try {
        std::ifstream in(argv[1]);
        std::string line;
        std::getline(in, line);  // header
        std::vector<double> x, y;
        core::Box box;
        while (std::getline(in, line)) {
            std::istringstream ss(line);
            double a, b;
            char comma;
            if (!(ss >> a >> comma >> b))
                continue;
            x.push_back(a);
            y.push_back(b);
            box.expand(core::Point{a, b});
        }
        stats::KdeOptions o;
        o.kernel = stats::parse_kernel(argv[3]);
        o.radius = std::stod(argv[4]);
        const double pixel = std::stod(argv[5]);
        if (argc > 6 && std::string(argv[6]) == "expected")
            o.output = stats::KdeOutput::expected_count;
        const auto g = stats::qgis_extent(box, o.radius, pixel);
        io::GeoRaster r;
        r.origin_x = g.origin_x;
        r.origin_y = g.origin_y;
        r.pixel = g.pixel;
        r.cols = g.cols;
        r.rows = g.rows;
        r.values = stats::kernel_density(g, x, y, nullptr, o);
        io::write_geotiff(argv[2], r);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
