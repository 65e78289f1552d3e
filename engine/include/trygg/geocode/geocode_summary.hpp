// SPDX-License-Identifier: MIT
#pragma once
// Hit rates of a geocoding run: records per match type and per gazetteer source.
#include <trygg/geocode/geocoder.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace trygg::geocode {

struct GeocodeSummary {
    std::uint64_t records = 0;
    std::uint64_t accepted = 0;  // placed with a match type allowed into statistics
    std::map<std::string, std::uint64_t> by_type;
    std::map<std::string, std::map<std::string, std::uint64_t>> by_source;  // source -> type -> n

    // `allowed`: the least precise match type accepted (e.g. street).
    void add(const GeocodeResult& r, MatchType allowed);
    nlohmann::json to_json() const;
    // One line per match type with count and share, then per source.
    std::string to_text() const;
};

}  // namespace trygg::geocode
