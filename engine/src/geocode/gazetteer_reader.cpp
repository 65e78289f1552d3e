// SPDX-License-Identifier: MIT
// Reading a gazetteer: address points and named places from any vector layer (through
// io::for_each_feature_point, in the working CRS), cached in the user cache directory.
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/geocode/address_parser.hpp>
#include <trygg/geocode/gazetteer_source.hpp>
#include <trygg/io/feature_points.hpp>
#include <trygg/spatial/point_on_surface.hpp>
#include <trygg/spatial/polygon_contains.hpp>
#include <trygg/spatial/wkb.hpp>

#include "geocode/gazetteer_cache.hpp"
#include "geocode/gazetteer_index.hpp"

#include <chrono>
#include <cmath>
#include <memory>

namespace trygg::geocode {

namespace {

using FieldNames = std::vector<std::string>;

// Index of the first field whose name matches one of the candidates (case-insensitive), or -1.
int find_field(const FieldNames& defn, std::initializer_list<const char*> candidates)
{
    for (const char* c : candidates)
        for (std::size_t i = 0; i < defn.size(); ++i)
            if (core::fold_case(defn[i]) == c)
                return static_cast<int>(i);
    return -1;
}

// The first field named `name`, ignoring case (as GDAL's field lookup does for ASCII).
int required_field(const FieldNames& defn, const std::string& name, const std::string& where)
{
    for (std::size_t i = 0; i < defn.size(); ++i)
        if (core::fold_case(defn[i]) == core::fold_case(name))
            return static_cast<int>(i);
    throw core::InputError(where + ": field '" + name + "' not found");
}

std::string utf8_field(const io::FeaturePoint& f, int i)
{
    if (i < 0)
        return std::string();
    std::string s = f.values[static_cast<std::size_t>(i)];
    if (!core::is_valid_utf8(s))
        s = core::windows1252_to_utf8(s);  // shapefiles without a .cpg
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.erase(s.begin());
    return s;
}

struct Fields {
    int street = -1, farm_area = -1, number = -1, letter = -1, postcode = -1, town = -1, address = -1, name = -1,
        code = -1;
};

Fields resolve_fields(const FieldNames& defn, const GazetteerSpec& spec, const std::string& where)
{
    Fields f;
    bool lm = spec.preset == "lantmateriet" || spec.preset == "auto";
    bool osm = spec.preset == "osm" || spec.preset == "auto";
    if (spec.kind == SourceKind::address) {
        if (lm) {
            // Belägenhetsadresser: the address area (street) name, with the farm-address area
            // (gårdsadressområde) as fallback for rural addresses without a street.
            f.street = find_field(defn, {"adressomrade_faststalltnamn", "adressomradefaststalltnamn",
                                         "adressomradesnamn", "adressomrade", "gata", "faststalltnamn", "gatunamn",
                                         "gatuadress_namn", "adressområde"});
            f.farm_area = find_field(defn, {"gardsadressomrade_faststalltnamn", "gardsadressomradefaststalltnamn",
                                            "gardsadressomrade"});
            f.number = find_field(defn, {"adressplatsnummer", "adressnummer", "nummer", "gatunummer"});
            f.letter = find_field(defn, {"bokstavstillagg", "bokstavstillägg", "bokstav"});
            f.postcode = find_field(defn, {"postnummer"});
            f.town = find_field(defn, {"postort"});
        }
        if (osm && f.street < 0) {
            f.street = find_field(defn, {"addr:street", "addr_street", "addrstreet"});
            f.number = find_field(defn, {"addr:housenumber", "addr_housenumber", "addrhousenu"});
            f.postcode = find_field(defn, {"addr:postcode", "addr_postcode", "addrpostco"});
            f.town = find_field(defn, {"addr:city", "addr_city", "addrcity"});
        }
        if (!spec.street.empty())
            f.street = required_field(defn, spec.street, where);
        if (!spec.number.empty())
            f.number = required_field(defn, spec.number, where);
        if (!spec.letter.empty())
            f.letter = required_field(defn, spec.letter, where);
        if (!spec.postcode.empty())
            f.postcode = required_field(defn, spec.postcode, where);
        if (!spec.town.empty())
            f.town = required_field(defn, spec.town, where);
        if (!spec.address.empty())
            f.address = required_field(defn, spec.address, where);
        if (f.street < 0 && f.farm_area >= 0)
            std::swap(f.street, f.farm_area);
        if (f.street < 0 && f.address < 0)
            throw core::InputError(where + ": no street field (give fields.street or fields.address; preset '" +
                                   spec.preset + "' found none)");
    } else {
        f.name = spec.name.empty() ? find_field(defn, {"namn", "name", "regso", "deso_namn", "ortnamn"})
                                   : required_field(defn, spec.name, where);
        if (f.name < 0)
            throw core::InputError(where + ": no name field (give fields.name)");
        if (!spec.code.empty())
            f.code = required_field(defn, spec.code, where);
        else if (spec.kind == SourceKind::district)
            f.code = find_field(defn, {"regsokod", "desokod", "regso_kod", "deso_kod", "kod", "code", "deso"});
        if (f.code == f.name)
            f.code = -1;
    }
    return f;
}

// "12B", "12 b", "12" -> number and letter.
void split_number(const std::string& text, int& number, std::string& letter)
{
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ')
        ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
        ++i;
    if (i == start || i - start > 6) {
        number = -1;
        return;
    }
    number = std::atoi(text.substr(start, i - start).c_str());
    while (i < text.size() && text[i] == ' ')
        ++i;
    if (i + 1 == text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
        letter = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(text[i]))));
}

std::string digits_only(const std::string& s)
{
    std::string d;
    for (char c : s)
        if (c >= '0' && c <= '9')
            d += c;
    return d.size() == 5 ? d : std::string();
}

// The entry one feature gives, added to `out` (or counted as skipped).
void add_feature(const io::FeaturePoint& f, const Fields& fields, const GazetteerSpec& spec,
                 detail::CachedSource& out)
{
    ++out.features;
    if (!f.located) {
        ++out.skipped;
        return;
    }
    if (spec.kind == SourceKind::address) {
        AddressPoint a;
        a.point = f.point;
        a.feature = f.fid;
        if (fields.address >= 0) {
            auto text = utf8_field(f, fields.address);
            auto parsed = parse_address(text);
            for (const auto& t : parsed.street)
                a.street += (a.street.empty() ? "" : " ") + t.raw;
            a.number = parsed.number;
            a.letter = parsed.letter;
            if (!parsed.postcode.empty())
                a.postcode = parsed.postcode;
        }
        if (fields.street >= 0)
            a.street = utf8_field(f, fields.street);
        if (a.street.empty() && fields.farm_area >= 0)
            a.street = utf8_field(f, fields.farm_area);
        if (fields.number >= 0) {
            std::string letter;
            split_number(utf8_field(f, fields.number), a.number, letter);
            if (!letter.empty())
                a.letter = letter;
        }
        if (fields.letter >= 0) {
            auto l = utf8_field(f, fields.letter);
            for (auto& c : l)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            a.letter = l;
        }
        if (fields.postcode >= 0)
            a.postcode = digits_only(utf8_field(f, fields.postcode));
        if (fields.town >= 0)
            a.town = utf8_field(f, fields.town);
        if (a.street.empty()) {
            ++out.skipped;
            return;
        }
        out.addresses.push_back(std::move(a));
    } else {
        NamedPlace np;
        np.name = utf8_field(f, fields.name);
        if (np.name.empty()) {
            ++out.skipped;
            return;
        }
        np.point = f.point;
        np.radius_m = f.radius;
        np.code = utf8_field(f, fields.code);
        if (!f.area_wkb.empty()) {
            // An area is placed inside itself, with the reach of its farthest vertex.
            try {
                np.area = spatial::from_wkb(f.area_wkb);
            } catch (const core::DataError&) {
                np.area.clear();
            }
            auto inside = spatial::point_on_surface(np.area);
            if (std::isfinite(inside.x) && std::isfinite(inside.y)) {
                np.point = inside;
                np.radius_m = spatial::farthest_vertex_distance(np.area, inside);
            }
        }
        np.kind = spec.kind == SourceKind::district ? PlaceKind::district : PlaceKind::place;
        np.feature = f.fid;
        out.places.push_back(std::move(np));
    }
}

detail::CachedSource read_source(const GazetteerSpec& spec, const std::string& crs)
{
    const std::string where = spec.path.string() + (spec.layer.empty() ? "" : " layer '" + spec.layer + "'");
    Fields fields;
    detail::CachedSource out;
    io::for_each_feature_point(
        spec.path.string(), spec.layer, crs,
        [&](const FieldNames& names) {
            fields = resolve_fields(names, spec, where);
            return std::vector<int>{fields.street, fields.farm_area, fields.number, fields.letter,
                                    fields.postcode, fields.town,      fields.address, fields.name, fields.code};
        },
        [&](const io::FeaturePoint& f) { add_feature(f, fields, spec, out); });
    return out;
}

}  // namespace

GazetteerSpec gazetteer_spec_from_json(const nlohmann::json& j, const std::string& context)
{
    if (!j.is_object() || !j.contains("path") || !j["path"].is_string())
        throw core::PipelineError(context + ": each gazetteer needs a \"path\"");
    GazetteerSpec s;
    s.path = j["path"].get<std::string>();
    s.layer = j.value("layer", std::string());
    auto kind = j.value("kind", std::string("address"));
    if (kind == "address")
        s.kind = SourceKind::address;
    else if (kind == "place")
        s.kind = SourceKind::place;
    else if (kind == "district")
        s.kind = SourceKind::district;
    else
        throw core::PipelineError(context + ": gazetteer kind '" + kind + "' is not address, place or district");
    s.preset = j.value("preset", std::string("auto"));
    if (s.preset != "auto" && s.preset != "lantmateriet" && s.preset != "osm" && s.preset != "custom")
        throw core::PipelineError(context + ": gazetteer preset '" + s.preset + "' is not auto, lantmateriet, osm or custom");
    s.cache = j.value("cache", true);
    if (j.contains("fields")) {
        const auto& f = j["fields"];
        if (!f.is_object())
            throw core::PipelineError(context + ": gazetteer \"fields\" must be an object");
        for (auto it = f.begin(); it != f.end(); ++it) {
            if (!it.value().is_string())
                throw core::PipelineError(context + ": gazetteer field '" + it.key() + "' must be a string");
            auto v = it.value().get<std::string>();
            if (it.key() == "street")
                s.street = v;
            else if (it.key() == "number")
                s.number = v;
            else if (it.key() == "letter")
                s.letter = v;
            else if (it.key() == "postcode")
                s.postcode = v;
            else if (it.key() == "town")
                s.town = v;
            else if (it.key() == "address")
                s.address = v;
            else if (it.key() == "name")
                s.name = v;
            else if (it.key() == "code")
                s.code = v;
            else
                throw core::PipelineError(context + ": unknown gazetteer field role '" + it.key() +
                                          "' (street, number, letter, postcode, town, address, name, code)");
        }
    }
    return s;
}

LoadReport load_gazetteer(Gazetteer& gazetteer, const GazetteerSpec& spec, const std::string& crs)
{
    auto t0 = std::chrono::steady_clock::now();
    if (!std::filesystem::exists(spec.path))
        throw core::InputError(spec.path.string() + ": gazetteer file not found");
    LoadReport report;
    detail::CachedSource data;
    bool have = false;
    if (spec.cache) {
        auto key = detail::cache_key(spec, crs);
        if (auto cached = detail::read_cache(spec.path, key, spec.cache_fallback_dir, report.cache_file)) {
            data = std::move(*cached);
            have = true;
            report.from_cache = true;
        }
        if (!have) {
            data = read_source(spec, crs);
            have = true;
            report.cache_file = detail::write_cache(spec.path, key, spec.cache_fallback_dir, data);
        }
    }
    if (!have)
        data = read_source(spec, crs);
    auto source = gazetteer.add_source(spec.path.filename().string() + (spec.layer.empty() ? "" : ":" + spec.layer));
    for (auto& a : data.addresses) {
        a.source = source;
        gazetteer.add_address(std::move(a));
        ++report.added;
    }
    for (auto& p : data.places) {
        p.source = source;
        gazetteer.add_place(std::move(p));
        ++report.added;
    }
    report.features = data.features;
    report.skipped = data.skipped;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return report;
}

}  // namespace trygg::geocode
