// SPDX-License-Identifier: MIT
#pragma once
// The working CRS (run setting "crs") must be projected in metres: district areas (km²),
// distances, grid cells and KDE radii are all computed in its units and labelled as metres.
#include <optional>
#include <string>

namespace trygg::crs {

// nullopt when `crs` can be the working CRS; otherwise one line saying why not, naming the CRS
// and its unit and suggesting EPSG:3006, e.g. for EPSG:2276 (US survey feet) or EPSG:4326
// (degrees). An unknown CRS gives "unknown CRS '...'".
std::optional<std::string> working_crs_problem(const std::string& crs);

}  // namespace trygg::crs
