// GDAL side of the gazetteer: reads address points and named places from any OGR layer,
// transforms them to the working CRS and caches the result next to the source.
#include <trygg/core/error.hpp>
#include <trygg/core/text.hpp>
#include <trygg/geocode/address_parser.hpp>
#include <trygg/geocode/gazetteer_source.hpp>

#include "geocode/gazetteer_cache.hpp"
#include "geocode/gazetteer_index.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <chrono>
#include <cmath>
#include <memory>

namespace trygg::geocode {

namespace {

// Index of the first field whose name matches one of the candidates (case-insensitive), or -1.
int find_field(OGRFeatureDefnH defn, std::initializer_list<const char*> candidates)
{
    int n = OGR_FD_GetFieldCount(defn);
    for (const char* c : candidates)
        for (int i = 0; i < n; ++i)
            if (core::fold_case(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))) == c)
                return i;
    return -1;
}

int required_field(OGRFeatureDefnH defn, const std::string& name, const std::string& where)
{
    int i = OGR_FD_GetFieldIndex(defn, name.c_str());
    if (i < 0)
        throw core::InputError(where + ": field '" + name + "' not found");
    return i;
}

std::string utf8_field(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return std::string();
    std::string s = OGR_F_GetFieldAsString(f, i);
    if (!core::is_valid_utf8(s))
        s = core::windows1252_to_utf8(s);  // shapefiles without a .cpg
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.erase(s.begin());
    return s;
}

struct Fields {
    int street = -1, farm_area = -1, number = -1, letter = -1, postcode = -1, town = -1, address = -1, name = -1;
};

Fields resolve_fields(OGRFeatureDefnH defn, const GazetteerSpec& spec, const std::string& where)
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

struct DatasetCloser {
    void operator()(void* p) const { GDALClose(p); }
};
struct SrsDeleter {
    void operator()(void* p) const { OSRDestroySpatialReference(p); }
};
struct TransformDeleter {
    void operator()(void* p) const { OCTDestroyCoordinateTransformation(p); }
};
struct FeatureDeleter {
    void operator()(void* p) const { OGR_F_Destroy(p); }
};
struct GeometryDeleter {
    void operator()(void* p) const { OGR_G_DestroyGeometry(p); }
};

detail::CachedSource read_with_gdal(const GazetteerSpec& spec, const std::string& crs)
{
    GDALAllRegister();
    std::string where = spec.path.string() + (spec.layer.empty() ? "" : " layer '" + spec.layer + "'");
    std::unique_ptr<void, DatasetCloser> ds(
        GDALOpenEx(spec.path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds)
        throw core::InputError(spec.path.string() + ": cannot open as a vector source: " + CPLGetLastErrorMsg());
    OGRLayerH layer = spec.layer.empty() ? GDALDatasetGetLayer(ds.get(), 0)
                                         : GDALDatasetGetLayerByName(ds.get(), spec.layer.c_str());
    if (!layer)
        throw core::InputError(where + ": layer not found");
    auto defn = OGR_L_GetLayerDefn(layer);
    auto fields = resolve_fields(defn, spec, where);

    std::unique_ptr<void, SrsDeleter> target(OSRNewSpatialReference(nullptr));
    if (OSRSetFromUserInput(target.get(), crs.c_str()) != OGRERR_NONE)
        throw core::InputError("unknown working CRS '" + crs + "'");
    OSRSetAxisMappingStrategy(target.get(), OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<void, TransformDeleter> transform;
    if (auto src = OGR_L_GetSpatialRef(layer)) {
        std::unique_ptr<void, SrsDeleter> source(OSRClone(src));
        OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
        if (!OSRIsSame(source.get(), target.get())) {
            transform.reset(OCTNewCoordinateTransformation(source.get(), target.get()));
            if (!transform)
                throw core::InputError(where + ": cannot transform to " + crs);
        }
    }

    detail::CachedSource out;
    OGR_L_ResetReading(layer);
    while (true) {
        std::unique_ptr<void, FeatureDeleter> f(OGR_L_GetNextFeature(layer));
        if (!f)
            break;
        ++out.features;
        OGRGeometryH geom = OGR_F_GetGeometryRef(f.get());
        if (!geom || OGR_G_IsEmpty(geom)) {
            ++out.skipped;
            continue;
        }
        std::unique_ptr<void, GeometryDeleter> g(OGR_G_Clone(geom));
        if (transform && OGR_G_Transform(g.get(), transform.get()) != OGRERR_NONE) {
            ++out.skipped;
            continue;
        }
        auto flat = wkbFlatten(OGR_G_GetGeometryType(g.get()));
        core::Point p;
        double radius = 0.0;
        if (flat == wkbPoint) {
            p = {OGR_G_GetX(g.get(), 0), OGR_G_GetY(g.get(), 0)};
        } else {
            std::unique_ptr<void, GeometryDeleter> c(OGR_G_CreateGeometry(wkbPoint));
            if (OGR_G_Centroid(g.get(), c.get()) != OGRERR_NONE) {
                ++out.skipped;
                continue;
            }
            p = {OGR_G_GetX(c.get(), 0), OGR_G_GetY(c.get(), 0)};
            double area = OGR_G_Area(g.get());
            radius = area > 0 ? std::sqrt(area / M_PI) : 0.0;
        }
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            ++out.skipped;
            continue;
        }
        auto fid = static_cast<std::int64_t>(OGR_F_GetFID(f.get()));
        if (spec.kind == SourceKind::address) {
            AddressPoint a;
            a.point = p;
            a.feature = fid;
            if (fields.address >= 0) {
                auto text = utf8_field(f.get(), fields.address);
                auto parsed = parse_address(text);
                for (const auto& t : parsed.street)
                    a.street += (a.street.empty() ? "" : " ") + t.raw;
                a.number = parsed.number;
                a.letter = parsed.letter;
                if (!parsed.postcode.empty())
                    a.postcode = parsed.postcode;
            }
            if (fields.street >= 0)
                a.street = utf8_field(f.get(), fields.street);
            if (a.street.empty() && fields.farm_area >= 0)
                a.street = utf8_field(f.get(), fields.farm_area);
            if (fields.number >= 0) {
                std::string letter;
                split_number(utf8_field(f.get(), fields.number), a.number, letter);
                if (!letter.empty())
                    a.letter = letter;
            }
            if (fields.letter >= 0) {
                auto l = utf8_field(f.get(), fields.letter);
                for (auto& c : l)
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                a.letter = l;
            }
            if (fields.postcode >= 0)
                a.postcode = digits_only(utf8_field(f.get(), fields.postcode));
            if (fields.town >= 0)
                a.town = utf8_field(f.get(), fields.town);
            if (a.street.empty()) {
                ++out.skipped;
                continue;
            }
            out.addresses.push_back(std::move(a));
        } else {
            NamedPlace np;
            np.name = utf8_field(f.get(), fields.name);
            if (np.name.empty()) {
                ++out.skipped;
                continue;
            }
            np.point = p;
            np.radius_m = radius;
            np.kind = spec.kind == SourceKind::district ? PlaceKind::district : PlaceKind::place;
            np.feature = fid;
            out.places.push_back(std::move(np));
        }
    }
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
            else
                throw core::PipelineError(context + ": unknown gazetteer field role '" + it.key() +
                                          "' (street, number, letter, postcode, town, address, name)");
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
        if (auto cached = detail::read_cache(spec.path, key, report.cache_file)) {
            data = std::move(*cached);
            have = true;
            report.from_cache = true;
        }
        if (!have) {
            data = read_with_gdal(spec, crs);
            have = true;
            report.cache_file = detail::write_cache(spec.path, key, data);
        }
    }
    if (!have)
        data = read_with_gdal(spec, crs);
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
