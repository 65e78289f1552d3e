// SPDX-License-Identifier: MIT
#pragma once
// Plain geometry value types shared by every module. No GDAL/GEOS types cross module borders.
#include <algorithm>
#include <limits>
#include <vector>

namespace trygg::core {

struct Point {
    double x = 0.0;  // east
    double y = 0.0;  // north
};

struct Box {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    bool empty() const { return min_x > max_x || min_y > max_y; }
    void expand(const Point& p)
    {
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    void expand(const Box& b)
    {
        min_x = std::min(min_x, b.min_x);
        min_y = std::min(min_y, b.min_y);
        max_x = std::max(max_x, b.max_x);
        max_y = std::max(max_y, b.max_y);
    }
    bool contains(const Point& p) const
    {
        return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
    }
};

// A closed ring: the first point is repeated as the last.
using Ring = std::vector<Point>;

struct Polygon {
    Ring outer;               // counter-clockwise not required; orientation is not relied on
    std::vector<Ring> holes;
};

using MultiPolygon = std::vector<Polygon>;

Box bounds(const Ring& ring);
Box bounds(const MultiPolygon& mp);
// Planar area (absolute, holes subtracted) in the units of the coordinates squared.
double area(const MultiPolygon& mp);

}  // namespace trygg::core
