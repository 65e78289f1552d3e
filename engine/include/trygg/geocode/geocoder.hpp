// SPDX-License-Identifier: MIT
#pragma once
// The matcher: address text in, a point with a match type, score and uncertainty out.
// Cascade: exact -> letter-insensitive -> nearest/interpolated number on the same street ->
// intersection -> street centroid -> named place -> postcode or district centroid.
// Ambiguity is a result: candidates far apart give `ambiguous` naming them, never a guess.
#include <trygg/core/geometry.hpp>
#include <trygg/geocode/address_parser.hpp>
#include <trygg/geocode/gazetteer.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::geocode {

// Ordered from most to least precise; `ambiguous` and `unmatched` give no point.
enum class MatchType : std::uint8_t {
    exact = 0,         // street, number and letter found
    letter = 1,        // street and number found, letter missing or different
    interpolated = 2,  // number not found: between/next to neighbouring numbers on the same side
    intersection = 3,  // nearest meeting of two streets
    street = 4,        // street centroid
    street_fuzzy = 5,  // the street name is not in the gazetteer; a similar one is (a typo, or a
                       // different real street): uncertainty is the area the text still allows
    place = 6,         // a named place (square, school, meeting place)
    road = 7,          // a stretch of a named/numbered road (E18, riksväg 56, ...motet)
    postcode = 8,      // centroid of a postcode's addresses
    district = 9,      // centroid of a named district (DeSO/RegSO/delområde name)
    ambiguous = 10,    // several candidates far apart: not placed
    unmatched = 11,    // nothing found: not placed, `reason` says why
};

std::string to_string(MatchType t);
std::optional<MatchType> match_type_from_string(std::string_view s);
inline bool has_point(MatchType t) { return t < MatchType::ambiguous; }

struct GeocodeResult {
    MatchType type = MatchType::unmatched;
    core::Point point{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    double score = 0.0;          // 0..1
    double uncertainty_m = std::numeric_limits<double>::quiet_NaN();
    std::string matched;         // the gazetteer entry, e.g. "Vasagatan 12 B, 72212 Västerås"
    std::string source;          // gazetteer source name
    std::int64_t feature = -1;   // feature id of the matched entry in its source (-1: derived)
    std::string reason;          // unmatched/ambiguous: why; otherwise notes (fuzzy, words dropped)
    bool fuzzy = false;          // the street or place name matched within an edit distance
    std::string code;            // code of the district the point lies in, when one was named
                                 // (the matched district's own, or a named one containing it)
    std::vector<std::string> candidates;  // ambiguous: every conflicting candidate, best first
};

struct GeocoderOptions {
    double ambiguity_distance_m = 100.0;  // candidates further apart than this are ambiguous
    int max_number_gap = 10;              // furthest house number to interpolate/extrapolate from
    double intersection_distance_m = 150.0;
    bool free_text = false;               // text is prose: look for place and street names only
    std::size_t max_bytes = 4096;         // longer texts are rejected as not an address
};

class Geocoder {
public:
    // The gazetteer must outlive the geocoder; it is built here if it was not.
    explicit Geocoder(Gazetteer& gazetteer, GeocoderOptions options = {});
    // Thread-safe (const). Never throws for bad text: the result says why.
    GeocodeResult geocode(std::string_view utf8_text) const;

    const GeocoderOptions& options() const { return options_; }

private:
    const Gazetteer& gazetteer_;
    GeocoderOptions options_;
};

}  // namespace trygg::geocode
