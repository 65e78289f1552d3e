// SPDX-License-Identifier: MIT
#pragma once
// Incidents around meeting places: how many lie within a radius, by hour of day and weekday,
// against what the surrounding area would lead one to expect.
//
// Expected count: the incident density in the ring between `radius` and `ring_outer` around
// the place, times the disc's area (count_in_ring × r² / (R² − r²)). A place whose disc has
// many more incidents than its own surroundings stands out; a place in a busy centre whose
// surroundings are equally busy does not.
#include <trygg/core/geometry.hpp>
#include <trygg/core/incident_table.hpp>

#include <array>
#include <vector>

namespace trygg::factors {

struct PlaceProfile {
    double observed = 0;             // incidents within the radius
    double ring = 0;                 // incidents in the surrounding ring
    double expected = 0;             // ring × r² / (R² − r²)
    std::array<double, 24> hour{};   // observed by hour of day (incidents with a clock time)
    std::array<double, 7> weekday{}; // observed by weekday, Monday first
};

// Weekday of a local time, 0 = Monday (1970-01-01 was a Thursday).
int weekday_of(core::Minutes t);

// Incidents with NaN coordinates are skipped. `time`/`has_clock` may be empty (no profiles).
std::vector<PlaceProfile> meeting_place_profile(const std::vector<core::Point>& places, const std::vector<double>& x,
                                                const std::vector<double>& y, const std::vector<core::Minutes>& time,
                                                const std::vector<std::uint8_t>& has_clock, double radius,
                                                double ring_outer);

}  // namespace trygg::factors
