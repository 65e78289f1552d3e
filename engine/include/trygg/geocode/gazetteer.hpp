// SPDX-License-Identifier: MIT
#pragma once
// The gazetteer: address points and named places from one or more sources, in priority
// order, with the lookup structures the geocoder uses (built once by build()).
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace trygg::geocode {

struct AddressPoint {
    std::string street;       // street or address-area name as in the source
    int number = -1;          // -1: no number (an address area without numbers)
    std::string letter;       // upper case, "" when none
    std::string postcode;     // five digits or ""
    std::string town;         // postal town (postort) or ""
    core::Point point;
    std::uint32_t source = 0;   // index into Gazetteer::sources; lower = higher priority
    std::int64_t feature = -1;  // feature id in the source
};

enum class PlaceKind : std::uint8_t {
    place,     // a named point or small area: square, school, meeting place, bus stop
    district,  // a district or area name: the point lies inside its polygon
};

struct NamedPlace {
    std::string name;
    // A point feature's point; for a polygon a point inside it (point on surface, never the
    // centroid, which for a bent polygon may lie in the neighbour).
    core::Point point;
    // The reach of the named thing from `point`: for a polygon the farthest vertex (a circle
    // of this radius covers it), for merged same-name points their spread; 0 for one point.
    double radius_m = 0.0;
    PlaceKind kind = PlaceKind::place;
    std::uint32_t source = 0;
    std::int64_t feature = -1;
    core::MultiPolygon area;  // the polygon of an area source (empty for points)
    std::string code;         // the area's code (DeSO/RegSO code), "" when the source has none
};

// An institution word of a municipality ("sjukhuset", "tingsrätten") standing for a
// gazetteer entry by name (geodata/catalog/alias_*.csv). An alias with its own coordinates is
// added as a NamedPlace instead.
struct PlaceAlias {
    std::string alias;                   // as written in prose, any case
    std::string target;                  // the gazetteer entry's name
    std::vector<std::string> not_after;  // words that, right before the alias, mean it is not
                                         // where the event was ("fördes till sjukhuset")
};

struct Road;  // roads.hpp

namespace detail {
struct GazetteerIndex;
}

class Gazetteer {
public:
    Gazetteer();
    ~Gazetteer();
    Gazetteer(Gazetteer&&) noexcept;
    Gazetteer& operator=(Gazetteer&&) noexcept;

    // Registers a source name (file/layer) and returns its index; earlier = higher priority.
    std::uint32_t add_source(std::string name);
    void add_address(AddressPoint a) { addresses_.push_back(std::move(a)); built_ = false; }
    void add_place(NamedPlace p) { places_.push_back(std::move(p)); built_ = false; }
    // Roads and named interchanges (roads.hpp); placed only for texts that name a road.
    void add_road(Road r);
    void add_alias(PlaceAlias a) { aliases_.push_back(std::move(a)); built_ = false; }

    // Builds the lookup structures. District names made of parts ("Kopparlunden-Östermalm")
    // are also found by each part, and "Östra Bäckby" + "Västra Bäckby" by "Bäckby" when the
    // parts lie close together. Idempotent.
    void build();
    bool built() const { return built_; }

    const std::vector<std::string>& sources() const { return sources_; }
    const std::vector<AddressPoint>& addresses() const { return addresses_; }
    const std::vector<NamedPlace>& places() const { return places_; }
    const std::vector<Road>& roads() const { return roads_; }
    const std::vector<PlaceAlias>& aliases() const { return aliases_; }
    // Aliases whose target names no entry (after build()).
    std::vector<std::string> unresolved_aliases() const;
    const detail::GazetteerIndex& index() const { return *index_; }

    // Approximate memory held by entries and index, in bytes (for the benchmark report).
    std::size_t memory_bytes() const;

private:
    std::vector<std::string> sources_;
    std::vector<AddressPoint> addresses_;
    std::vector<NamedPlace> places_;
    std::vector<Road> roads_;
    std::vector<PlaceAlias> aliases_;
    std::unique_ptr<detail::GazetteerIndex> index_;
    bool built_ = false;
};

}  // namespace trygg::geocode
