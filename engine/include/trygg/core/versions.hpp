// SPDX-License-Identifier: MIT
#pragma once
// Versions of Trygg and the libraries it runs on (trygg info, run manifest).
#include <string>

namespace trygg::core {

struct Versions {
    std::string trygg;
    std::string gdal;
    std::string proj;
    std::string geos;
};

Versions versions();

}  // namespace trygg::core
