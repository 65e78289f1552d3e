// SPDX-License-Identifier: MIT
#include <trygg/geocode/geocode_summary.hpp>

#include <cstdio>

namespace trygg::geocode {

void GeocodeSummary::add(const GeocodeResult& r, MatchType allowed)
{
    ++records;
    auto type = to_string(r.type);
    ++by_type[type];
    if (has_point(r.type)) {
        ++by_source[r.source.empty() ? "(derived)" : r.source][type];
        if (r.type <= allowed)
            ++accepted;
    }
}

nlohmann::json GeocodeSummary::to_json() const
{
    nlohmann::json types = nlohmann::json::object();
    for (int i = 0; i <= static_cast<int>(MatchType::unmatched); ++i) {
        auto name = to_string(static_cast<MatchType>(i));
        auto it = by_type.find(name);
        std::uint64_t n = it == by_type.end() ? 0 : it->second;
        types[name] = {{"count", n}, {"share", records ? static_cast<double>(n) / static_cast<double>(records) : 0.0}};
    }
    return {{"records", records}, {"accepted", accepted}, {"by_match_type", types}, {"by_source", by_source}};
}

std::string GeocodeSummary::to_text() const
{
    std::string s;
    char line[160];
    std::snprintf(line, sizeof line, "%llu records, %llu accepted (%.1f%%)\n", static_cast<unsigned long long>(records),
                  static_cast<unsigned long long>(accepted),
                  records ? 100.0 * static_cast<double>(accepted) / static_cast<double>(records) : 0.0);
    s += line;
    for (int i = 0; i <= static_cast<int>(MatchType::unmatched); ++i) {
        auto name = to_string(static_cast<MatchType>(i));
        auto it = by_type.find(name);
        if (it == by_type.end())
            continue;
        std::snprintf(line, sizeof line, "  %-13s %8llu  %5.1f%%\n", name.c_str(),
                      static_cast<unsigned long long>(it->second),
                      100.0 * static_cast<double>(it->second) / static_cast<double>(records));
        s += line;
    }
    for (const auto& [source, types] : by_source) {
        std::uint64_t n = 0;
        for (const auto& [t, c] : types)
            n += c;
        std::snprintf(line, sizeof line, "  source %s: %llu placed\n", source.c_str(), static_cast<unsigned long long>(n));
        s += line;
    }
    return s;
}

}  // namespace trygg::geocode
