// SPDX-License-Identifier: MIT
#pragma once
// Analysis districts (delområden, DeSO, RegSO...): polygons held once, valid, in the
// working CRS, with code and name.
#include <trygg/core/geometry.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace trygg::core {

struct DistrictLayer {
    std::string source;
    std::string layer;
    std::string code_field;                // field the codes came from (recorded by the release ledger)
    std::string crs;                       // working CRS, e.g. "EPSG:3006"
    std::vector<std::string> codes;        // unique
    std::vector<std::string> names;        // may be empty strings
    std::vector<MultiPolygon> polygons;    // valid, working CRS
    std::vector<double> area_km2;

    std::size_t size() const { return codes.size(); }
    // Code -> index, for lookups in loops (index_of scans).
    std::unordered_map<std::string, int> code_index() const
    {
        std::unordered_map<std::string, int> m;
        for (std::size_t i = 0; i < codes.size(); ++i)
            m.emplace(codes[i], static_cast<int>(i));
        return m;
    }
    // -1 when unknown.
    int index_of(const std::string& code) const
    {
        for (std::size_t i = 0; i < codes.size(); ++i)
            if (codes[i] == code)
                return static_cast<int>(i);
        return -1;
    }
};

}  // namespace trygg::core
