// SPDX-License-Identifier: MIT
// Road layers: reading (through io::for_each_feature_line, in the working CRS), road-number
// keys and the road index. Placing a road phrase is road_match.cpp's.
#include <trygg/geocode/roads.hpp>

#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/geocode/gazetteer.hpp>
#include <trygg/geocode/normalize.hpp>
#include <trygg/io/feature_lines.hpp>

#include "geocode/gazetteer_index.hpp"
#include "geocode/road_match.hpp"

#include <cctype>
#include <chrono>

namespace trygg::geocode {

void Gazetteer::add_road(Road r)
{
    roads_.push_back(std::move(r));
    built_ = false;
}

std::string road_ref_key(std::string_view ref)
{
    std::string s;
    for (char c : ref)
        if (std::isalnum(static_cast<unsigned char>(c)))
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s.size() > 1 && s[0] == 'e' && std::isdigit(static_cast<unsigned char>(s[1])))
        return s;  // European road: "e18"
    // County roads carry the county letter ("U 252", "C 600"); texts write the number alone.
    std::size_t i = 0;
    while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])))
        ++i;
    auto digits = s.substr(i);
    for (char c : digits)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return s;  // not a plain number ("56.1"): keep it whole
    return digits;
}

RoadSpec road_spec_from_json(const nlohmann::json& j, const std::string& context)
{
    if (!j.is_object() || !j.contains("path") || !j.at("path").is_string())
        throw core::PipelineError(context + ": a road layer is {\"path\": ..., \"layer\": ..., \"fields\": {\"ref\", \"name\"}}");
    RoadSpec s;
    s.path = j.at("path").get<std::string>();
    if (j.contains("layer")) {
        if (!j.at("layer").is_string())
            throw core::PipelineError(context + ": \"layer\" must be a string");
        s.layer = j.at("layer").get<std::string>();
    }
    for (const auto& [key, value] : j.items())
        if (key != "path" && key != "layer" && key != "fields")
            throw core::PipelineError(context + ": unknown road layer option '" + key + "' (path, layer, fields)");
    if (j.contains("fields")) {
        if (!j.at("fields").is_object())
            throw core::PipelineError(context + ": \"fields\" must be an object {\"ref\": ..., \"name\": ...}");
        for (const auto& [role, v] : j.at("fields").items()) {
            if (!v.is_string())
                throw core::PipelineError(context + ": fields." + role + " must be a field name");
            if (role == "ref")
                s.ref = v.get<std::string>();
            else if (role == "name")
                s.name = v.get<std::string>();
            else
                throw core::PipelineError(context + ": unknown road field role '" + role + "' (ref, name)");
        }
    }
    return s;
}

LoadReport load_roads(Gazetteer& gazetteer, const RoadSpec& spec, const std::string& crs)
{
    auto t0 = std::chrono::steady_clock::now();
    if (!std::filesystem::exists(spec.path))
        throw core::InputError(spec.path.string() + ": road layer not found");
    const std::string where = spec.path.string() + (spec.layer.empty() ? "" : " layer '" + spec.layer + "'");
    auto source = gazetteer.add_source(spec.path.filename().string() + (spec.layer.empty() ? "" : ":" + spec.layer));
    LoadReport report;
    int ref_field = -1, name_field = -1;
    auto find = [&](const std::vector<std::string>& names, const std::string& given,
                    std::initializer_list<const char*> defaults, const char* role) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            auto n = core::fold_case(names[i]);
            if (!given.empty() ? n == core::fold_case(given) : false)
                return static_cast<int>(i);
            if (given.empty())
                for (const char* d : defaults)
                    if (n == d)
                        return static_cast<int>(i);
        }
        if (!given.empty())
            throw core::InputError(where + ": " + role + " field '" + given + "' not found");
        return -1;
    };
    io::for_each_feature_line(
        spec.path.string(), spec.layer, crs,
        [&](const std::vector<std::string>& names) {
            ref_field = find(names, spec.ref, {"ref", "vagnummer", "vägnummer", "huvudnummer", "nummer"}, "ref");
            name_field = find(names, spec.name, {"name", "namn", "vagnamn", "vägnamn"}, "name");
            if (ref_field < 0 && name_field < 0)
                throw core::InputError(where + ": no road number (ref) or name field; give fields.ref / --road-ref-field");
            return std::vector<int>{ref_field, name_field};
        },
        [&](const io::FeatureLine& f) {
            ++report.features;
            Road r;
            if (ref_field >= 0)
                r.ref = core::sanitize_utf8(f.values[static_cast<std::size_t>(ref_field)]);
            if (name_field >= 0)
                r.name = core::sanitize_utf8(f.values[static_cast<std::size_t>(name_field)]);
            if (f.parts.empty() || (r.ref.empty() && r.name.empty())) {
                ++report.skipped;
                return;
            }
            r.parts = f.parts;
            r.source = source;
            r.feature = f.fid;
            gazetteer.add_road(std::move(r));
            ++report.added;
        });
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return report;
}

namespace detail {

void index_roads(const std::vector<Road>& roads, GazetteerIndex& idx)
{
    for (std::uint32_t i = 0; i < roads.size(); ++i) {
        const auto& r = roads[i];
        // OSM joins several numbers with ';' ("E 18;56" on a shared stretch).
        std::string part;
        for (std::size_t k = 0; k <= r.ref.size(); ++k) {
            if (k == r.ref.size() || r.ref[k] == ';') {
                if (auto key = road_ref_key(part); !key.empty())
                    idx.road_by_ref[key].push_back(i);
                part.clear();
            } else {
                part += r.ref[k];
            }
        }
        if (auto key = name_key(r.name); !key.empty())
            idx.road_by_name[key].push_back(i);
    }
}

}  // namespace detail

}  // namespace trygg::geocode
