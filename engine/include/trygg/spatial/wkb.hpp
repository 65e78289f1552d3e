// SPDX-License-Identifier: MIT
#pragma once
// Well-known binary (little-endian, 2D) for district polygons: the release ledger keeps each
// released district's geometry as a MultiPolygon WKB, in the working CRS.
#include <trygg/core/geometry.hpp>

#include <string>
#include <string_view>

namespace trygg::spatial {

std::string to_wkb(const core::MultiPolygon& geometry);
// A Polygon or MultiPolygon WKB of either byte order. Throws core::DataError on anything else.
core::MultiPolygon from_wkb(std::string_view wkb);

}  // namespace trygg::spatial
