// SPDX-License-Identifier: MIT
#pragma once
// Roads for the geocoder (issue 16): European, national and county roads and named
// interchanges from any GDAL line layer the user gives (an OSM export with `ref`/`name`, NVDB
// with its road number field), so that "E18 i höjd med X", "riksväg 56 strax söder om X",
// "länsväg 252" or "<name>motet" can be placed, with the length of road that fits as the
// uncertainty (a road with no locator fits along its whole length: not placed).
#include <trygg/core/geometry.hpp>
#include <trygg/geocode/gazetteer_source.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace trygg::geocode {

struct Road {
    std::string ref;   // road number as in the source: "E 18", "E18", "56", "U 252", "" when none
    std::string name;  // "" when none (OSM leaves most numbered roads unnamed)
    std::vector<std::vector<core::Point>> parts;  // line parts; a single vertex is a named node
    std::uint32_t source = 0;
    std::int64_t feature = -1;
};

struct RoadSpec {
    std::filesystem::path path;
    std::string layer;  // "" = first layer
    std::string ref;    // road-number field; "" = first of ref, vagnummer, huvudnummer, vägnummer, nummer
    std::string name;   // name field; "" = first of name, namn, vagnamn, vägnamn
};

// {"path":..., "layer":..., "fields": {"ref":..., "name":...}}; throws core::PipelineError
// naming `context` for a malformed spec.
RoadSpec road_spec_from_json(const nlohmann::json& j, const std::string& context);

// Reads the layer's lines (and named points) into `gazetteer` in the working CRS `crs`, as one
// more source. Throws core::InputError naming the file, layer and field on failure.
LoadReport load_roads(Gazetteer& gazetteer, const RoadSpec& spec, const std::string& crs);

// The road-number key of a ref or of a road phrase's number: "E 18" / "e18" -> "e18",
// "56" -> "56", "U 252" -> "252" (the county letter is dropped: texts never write it).
std::string road_ref_key(std::string_view ref);

}  // namespace trygg::geocode
