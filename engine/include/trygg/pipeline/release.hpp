// SPDX-License-Identifier: MIT
#pragma once
// What one publication released, as the release ledger records it: the area system and its
// geometry, the periods with their actual extent and incident-set fingerprint, and every cell
// of the district tables (with its true count: the ledger is internal, kept by the operator
// like the internal GeoPackage, and never published).
#include <cstdint>
#include <string>
#include <vector>

namespace trygg::pipeline {

struct ReleasedDistrict {
    std::string code;
    std::string wkb;  // MultiPolygon in the working CRS (spatial/wkb.hpp)
};

struct ReleasedPeriod {
    std::string label;        // "2024H1"
    std::int64_t start = 0;   // minutes (Swedish time), first minute in the period
    std::int64_t end = 0;     // first minute after it: [start, end)
    std::string fingerprint;  // of the incidents counted in it (incident_fingerprint.hpp)
    std::uint64_t incidents = 0;
};

struct ReleasedCell {
    std::string table;     // "incident_counts"
    std::string district;  // code, or "totalt" for the whole municipality
    std::string period, group, sex, age;
    bool published = true;  // false: withheld
    double count = 0;       // true count (before protection)
};

struct Release {
    std::int64_t id = 0;        // assigned by the ledger
    std::string time;           // UTC, "2026-12-05T02:10:00Z"
    std::string output;         // file name of the published GeoPackage
    std::string district_source, district_layer, district_code_field;
    std::string area_fingerprint;  // SHA-256 over codes and geometry WKB
    int suppress_below = 0;
    std::vector<ReleasedDistrict> districts;
    std::vector<ReleasedPeriod> periods;
    std::vector<ReleasedCell> cells;
};

// "2024-06-30": the calendar day of a minute (Swedish time).
std::string day_text(std::int64_t minutes);
// "2024-01-01..2024-06-30" for [start, end).
std::string span_text(std::int64_t start, std::int64_t end);

}  // namespace trygg::pipeline
