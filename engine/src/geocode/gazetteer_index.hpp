// SPDX-License-Identifier: MIT
#pragma once
// Lookup structures of a built Gazetteer (private to the geocode module).
#include <trygg/geocode/gazetteer.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace trygg::geocode::detail {

// All address points of one street in one place: same name key, same postal town, and
// spatially connected (a street name reused in two villages gives two groups).
struct StreetGroup {
    std::string key;
    std::string name;       // as in the first source that has it
    std::string town;       // as in the source
    std::string town_key;
    std::vector<std::uint32_t> entries;  // into Gazetteer::addresses, sorted by number, letter, source
    core::Point centroid;
    double radius_m = 0.0;               // largest distance of an entry from the centroid
    std::uint32_t source = 0;            // best (lowest) source index among entries
};

struct AreaCentroid {
    core::Point point;
    double radius_m = 0.0;
    std::uint32_t count = 0;
};

struct GazetteerIndex {
    std::vector<StreetGroup> streets;
    std::unordered_map<std::string, std::vector<std::uint32_t>> street_by_key;
    // Fuzzy search: distinct street keys and their deletion neighbourhoods (hash, key id),
    // sorted by hash.
    std::vector<std::string> street_keys;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> deletions;
    // deletions[bucket_start[b] .. bucket_start[b + 1]) hold the hashes whose top bits are b.
    static constexpr int bucket_bits = 16;
    std::vector<std::uint32_t> bucket_start;
    std::unordered_map<std::string, AreaCentroid> postcodes;
    std::unordered_map<std::string, std::string> towns;  // town key -> as written
    // Named places by name key; entries index Gazetteer::places or derived_places
    // (indices >= places.size() refer to derived_places).
    std::unordered_map<std::string, std::vector<std::uint32_t>> place_by_key;
    std::vector<NamedPlace> derived_places;
    // Prose: the same places by stem key (geocode/morphology.hpp), and the place keys of at
    // least fuzzy_place_min letters with their one-deletion neighbourhoods (hash, key id),
    // sorted, for one-edit matches of long names.
    std::unordered_map<std::string, std::vector<std::uint32_t>> place_by_stem;
    static constexpr std::size_t fuzzy_place_min = 8;
    std::vector<std::string> place_keys;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> place_deletions;
    // Alias keys (matched also in lower case) and the keyed words that may not precede them.
    std::unordered_map<std::string, std::vector<std::string>> alias_not_after;
    std::vector<std::string> unresolved_aliases;
    // Keyed first words of names that may be found in lower case (names of several words,
    // aliases): prose tries a lower-case word only when it is one of these.
    std::unordered_set<std::string> lower_case_starts;
    std::size_t max_place_words = 1;
    std::size_t max_street_words = 1;
    // geoaddr: areas a fuzzy street match may lie in (fuzzy_street.hpp).
    std::unordered_map<std::string, AreaCentroid> town_areas;  // town key -> its addresses
    AreaCentroid whole_area;                                   // every address and place
    // geoaddr: roads by road-number key ("e18", "56") and by name key (road_match.hpp).
    std::unordered_map<std::string, std::vector<std::uint32_t>> road_by_ref;
    std::unordered_map<std::string, std::vector<std::uint32_t>> road_by_name;

    const NamedPlace& place(const Gazetteer& g, std::uint32_t i) const
    {
        return i < g.places().size() ? g.places()[i] : derived_places[i - g.places().size()];
    }
};

std::uint64_t hash_key(std::string_view s);

}  // namespace trygg::geocode::detail
