// SPDX-License-Identifier: MIT
#pragma once
// Reading gazetteers from any GDAL point (or polygon) layer with a field mapping, with presets
// for Lantmäteriet's belägenhetsadresser and OpenStreetMap addr:* tags, and a binary cache
// (in $XDG_CACHE_HOME/trygg) keyed by the source's size, modification time and SHA-256.
#include <trygg/geocode/gazetteer.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace trygg::geocode {

enum class SourceKind { address, place, district };

struct GazetteerSpec {
    std::filesystem::path path;
    std::string layer;           // "" = first layer
    SourceKind kind = SourceKind::address;
    // "auto" (guess from field names: Lantmäteriet, OSM, gatunamn/nummer/bokstav), "lantmateriet",
    // "osm", or "custom" (fields only). Explicit fields always win over the preset.
    std::string preset = "auto";
    std::string street, number, letter, postcode, town;  // address fields
    std::string address;         // one field with the whole address ("Odensviplatsen 2A"), parsed
    std::string name;            // place/district name field
    std::string code;            // district code field (auto: regsokod, desokod, kod, code, deso)
    bool cache = true;
    // Where the cache goes when the user cache directory ($XDG_CACHE_HOME/trygg, else
    // ~/.cache/trygg) is not writable: the output's folder; empty = straight to the temp dir.
    // Never the source's folder (it may be read-only). Not part of the cache key.
    std::filesystem::path cache_fallback_dir;
};

// {"path":..., "layer":..., "kind":"address|place|district", "preset":..., "fields":{"street":...,
// "number":..., "letter":..., "postcode":..., "town":..., "address":..., "name":..., "code":...}, "cache":true}
// Throws core::PipelineError naming `context` for malformed specs.
GazetteerSpec gazetteer_spec_from_json(const nlohmann::json& j, const std::string& context);

struct LoadReport {
    std::size_t features = 0;   // features read
    std::size_t added = 0;      // entries added to the gazetteer
    std::size_t skipped = 0;    // features without a usable name/number/geometry
    bool from_cache = false;
    std::filesystem::path cache_file;  // empty when no cache could be written
    double seconds = 0.0;
};

// Adds the source's entries to `gazetteer` (as a new source, in call order = priority) in the
// working CRS `crs`. Throws core::InputError naming the file, layer and field on failure.
LoadReport load_gazetteer(Gazetteer& gazetteer, const GazetteerSpec& spec, const std::string& crs);

}  // namespace trygg::geocode
