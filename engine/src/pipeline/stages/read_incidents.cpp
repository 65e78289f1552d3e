// read.incidents: an incident register (CSV, XLSX, any GDAL vector source) into the columnar
// incident table, with every row either kept (located, area code, not located) or rejected
// with the reason.
#include "spine_stages.hpp"

#include <trygg/core/datetime.hpp>
#include <trygg/core/demography.hpp>
#include <trygg/core/error.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/io/catalogue_reader.hpp>
#include <trygg/stats/crime_catalogue.hpp>

#include <cmath>
#include <filesystem>
#include <deque>
#include <map>
#include <unordered_map>

namespace trygg::pipeline {

namespace {
const char* const field_keys[] = {"id", "time", "category", "x", "y", "lon", "lat", "area_code", "address", "sex", "age"};
}

RowAccounting count_rows(const std::string& source, std::uint64_t rows, const core::IncidentTable& t,
                        const std::vector<std::int32_t>* district)
{
    RowAccounting acc;
    acc.source = source;
    acc.rows = rows;
    const auto& rejects = t.rejects;
    for (const auto& r : rejects)
        (r.bucket == "outside" ? acc.outside : r.bucket == "not_located" ? acc.not_located : acc.rejected) += 1;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (district)
            ((*district)[i] >= 0                                ? acc.used
             : t.status[i] == core::LocationStatus::not_located ? acc.not_located
                                                                : acc.outside) += 1;
        else
            (t.status[i] == core::LocationStatus::not_located ? acc.not_located : acc.used) += 1;
    }
    return acc;
}

namespace {
constexpr const char* default_catalogue = "geodata/catalog/brottskoder.csv";

// The default catalogue is looked for in the working directory, then beside the executable
// (as the QGIS plugin bundles it), then in the source tree or installed share folder, so the
// engine works from any working directory.
std::filesystem::path find_catalogue(const std::filesystem::path& given, bool is_default)
{
    std::error_code ec;
    if (!is_default || std::filesystem::exists(given, ec))
        return given;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        return given;
    auto dir = exe.parent_path();
    for (const auto& candidate : {dir / "brottskoder.csv", dir / "../share/trygg/catalog/brottskoder.csv",
                                  dir / "../../geodata/catalog/brottskoder.csv",
                                  dir / "../../../geodata/catalog/brottskoder.csv"})
        if (std::filesystem::exists(candidate, ec))
            return candidate.lexically_normal();
    return given;
}
}  // namespace

void require_file(const ValidationContext& ctx, const std::string& option, const nlohmann::json& value)
{
    if (!value.is_string() || value.get<std::string>().empty())
        return;
    auto p = ctx.resolve(value.get<std::string>());
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
        throw core::InputError(ctx.tag + ": " + option + " '" + p.string() + "' not found");
}

StageDescriptor ReadIncidentsStage::descriptor()
{
    return {"read.incidents",
            "Read an incident register (CSV, XLSX, GeoPackage, any GDAL source) with a field mapping",
            {{"path", OptionType::path, nullptr, true, "The register file"},
             {"layer", OptionType::string, "", false, "Layer name in a multi-layer source (default: the first)"},
             {"fields", OptionType::object, nlohmann::json::object(), false,
              "Field mapping: {\"id\", \"time\", \"category\", \"x\", \"y\", \"lon\", \"lat\", \"area_code\", "
              "\"address\", \"sex\", \"age\"} -> column names. A row is located by x/y (in \"crs\"), else lon/lat "
              "(WGS84), else the source's point geometry, else area_code; an address alone waits for the geocoder"},
             {"crs", OptionType::string, "", false,
              "CRS of x/y and of the source's geometry (default: the source's own CRS)"},
             {"catalogue", OptionType::path, default_catalogue, false,
              "Crime catalogue mapping categories to crime groups (the default is also looked for beside the "
              "trygg executable and in the source tree)"},
             {"from", OptionType::string, "", false,
              "First date of the study period (YYYY-MM-DD); earlier incidents are counted as outside"},
             {"to", OptionType::string, "", false,
              "Last date of the study period (YYYY-MM-DD, inclusive); later incidents are counted as outside"},
             {"encoding", OptionType::string, "auto", false, "Text encoding: auto, utf-8 or windows-1252"},
             {"delimiter", OptionType::string, "", false, "CSV delimiter (default: detected from the header)"}},
            {},
            "incidents"};
}

void ReadIncidentsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_file(ctx, "path", o["path"]);
    if (o["fields"].contains("category"))
        require_file(ctx, "catalogue",
                     find_catalogue(ctx.resolve(o["catalogue"].get<std::string>()), o["catalogue"] == default_catalogue)
                         .string());
    for (const auto& [key, value] : o["fields"].items()) {
        if (std::find(std::begin(field_keys), std::end(field_keys), key) == std::end(field_keys))
            throw core::PipelineError(ctx.tag + ": unknown field mapping key '" + key +
                                      "' (known: id, time, category, x, y, lon, lat, area_code, address, sex, age)");
        if (!value.is_string())
            throw core::PipelineError(ctx.tag + ": field mapping '" + key + "' must be a column name");
    }
    const auto& f = o["fields"];
    if (f.contains("x") != f.contains("y"))
        throw core::PipelineError(ctx.tag + ": map both \"x\" and \"y\", or neither");
    if (f.contains("lon") != f.contains("lat"))
        throw core::PipelineError(ctx.tag + ": map both \"lon\" and \"lat\", or neither");
    if (o["delimiter"].get<std::string>().size() > 1 && o["delimiter"] != "\\t")
        throw core::PipelineError(ctx.tag + ": \"delimiter\" must be one character");
    io::parse_encoding(o["encoding"].get<std::string>());
    for (const char* key : {"from", "to"}) {
        auto text = o[key].get<std::string>();
        std::string why;
        if (!text.empty() && !core::parse_datetime(text, &why))
            throw core::PipelineError(ctx.tag + ": \"" + key + "\": " + why);
    }
}

namespace {

// A cell that names no single sex ("", "alla", "båda könen") is unknown without complaint.
core::Sex parse_sex(std::string_view raw, bool& invalid)
{
    const auto sex = core::parse_sex(raw);
    invalid = !sex;
    return !sex ? core::Sex::unknown
                : *sex == core::SexLabel::man ? core::Sex::man
                : *sex == core::SexLabel::kvinna ? core::Sex::kvinna : core::Sex::unknown;
}

}  // namespace

std::shared_ptr<const Artifact> ReadIncidentsStage::run(StageContext& ctx) const
{
    const auto path = ctx.path_option("path");
    const auto& fmap = ctx.options()["fields"];
    io::RecordOptions ro;
    ro.layer = ctx.option<std::string>("layer");
    ro.encoding = io::parse_encoding(ctx.option<std::string>("encoding"));
    auto delim = ctx.option<std::string>("delimiter");
    ro.delimiter = delim == "\\t" ? '\t' : delim.empty() ? 0 : delim[0];
    ctx.manifest().record_input(ctx.tag(), path);

    // Everything set from the source's header, before the first row.
    io::Records records;  // the description only (fields, CRS, geometry); rows are streamed
    int c_id = -1, c_time = -1, c_cat = -1, c_x = -1, c_y = -1, c_lon = -1, c_lat = -1, c_area = -1, c_addr = -1,
        c_sex = -1, c_age = -1;
    bool has_geometry = false;
    std::string source_crs;
    std::optional<stats::CrimeCatalogue> catalogue;
    core::Minutes from = INT64_MIN, to = INT64_MAX;

    auto artifact = std::make_shared<IncidentsArtifact>();
    auto& t = artifact->table;
    t.source = path.string();
    std::uint16_t unmatched_mask = 1;
    std::map<std::string, std::size_t, std::less<>> area_index;
    std::map<std::string, std::uint64_t> unmatched;
    // Catalogue lookups per distinct category text (registers repeat a few hundred codes).
    // Keys are views into group_keys (a deque: its strings never move).
    std::unordered_map<std::string_view, std::uint16_t> group_cache;
    std::deque<std::string> group_keys;
    std::uint64_t bad_sex = 0, bad_age = 0;
    std::vector<std::size_t> xy_rows, lonlat_rows;  // indexes into t needing transformation
    std::size_t n = 0;
    auto name_of = [&](int c) { return records.fields[static_cast<std::size_t>(c)]; };

    auto on_header = [&](const io::Records& header) {
        records.source = header.source;
        records.layer = header.layer;
        records.crs = header.crs;
        records.geometry = header.geometry;
        records.fields = header.fields;
        records.row_word = header.row_word;
        auto column = [&](const char* key) -> int {
            if (!fmap.contains(key))
                return -1;
            auto name = fmap[key].get<std::string>();
            int i = records.field_index(name);
            if (i < 0) {
                bool one_field = records.fields.size() == 1 &&
                                 records.fields[0].find_first_of(";,\t|") != std::string::npos;
                ctx.fail_input("field '" + name + "' (\"" + key + "\") not found in '" + path.string() +
                               "' (the fields are: " + records.field_list() + ")" +
                               (one_field ? "; the header has one field: is \"delimiter\" right?" : ""));
            }
            return i;
        };
        c_id = column("id"), c_time = column("time"), c_cat = column("category"), c_x = column("x"),
        c_y = column("y"), c_lon = column("lon"), c_lat = column("lat"), c_area = column("area_code"),
        c_addr = column("address"), c_sex = column("sex"), c_age = column("age");
        has_geometry = records.geometry == io::RecordGeometry::point;
        if (records.geometry == io::RecordGeometry::polygon)
            ctx.fail_input("'" + path.string() + "' has polygon geometry; incidents must be points or columns");

        // CRS of x/y and of the geometry: declared, else the layer's; needed only if used.
        source_crs = ctx.option<std::string>("crs");
        if (source_crs.empty())
            source_crs = records.crs;
        if ((c_x >= 0 || has_geometry) && source_crs.empty())
            ctx.fail_input("'" + path.string() +
                           "' has no CRS for its coordinates; declare one, e.g. \"crs\": \"EPSG:3006\"");

        if (c_cat >= 0) {
            auto cpath =
                find_catalogue(ctx.path_option("catalogue"), ctx.option<std::string>("catalogue") == default_catalogue);
            ctx.manifest().record_input(ctx.tag(), cpath);
            catalogue = stats::CrimeCatalogue::from_rows(io::read_catalogue(cpath.string()));
        }

        // Study period: [from 00:00, to+1 day 00:00).
        if (auto f = ctx.option<std::string>("from"); !f.empty())
            from = core::parse_datetime(f)->minutes;
        if (auto e = ctx.option<std::string>("to"); !e.empty())
            to = core::parse_datetime(e)->minutes / 1440 * 1440 + 1440;
        t.group_names = catalogue ? catalogue->group_names() : std::vector<std::string>{"alla"};
        unmatched_mask = catalogue ? catalogue->fallback_mask() : 1;
    };

    auto on_row = [&](const io::RecordRow& rec) {
        const std::size_t r = n++;
        if (r % 8192 == 0) {
            ctx.cancel().check();
            ctx.progress(rec.progress_done, rec.progress_total);
        }
        const auto row_no = rec.number;
        auto cell = [&](int c) -> std::string_view {
            return c < 0 ? std::string_view() : rec.cells[static_cast<std::size_t>(c)];
        };
        const std::string_view id = cell(c_id);
        auto reject = [&](const std::string& field, const std::string& reason) {
            t.rejects.push_back({row_no, std::string(id), "rejected", field, reason});
        };
        if (!rec.problem.empty()) {
            reject("", std::string(rec.problem));
            return;
        }
        std::string why;
        // Without a time mapping (e.g. meeting places) rows carry no time; aggregate refuses them.
        auto when = c_time < 0 ? std::optional<core::ParsedTime>(core::ParsedTime{core::no_time, false})
                               : core::parse_datetime(cell(c_time), &why);
        if (!when) {
            reject(name_of(c_time), why);
            return;
        }
        if (c_time >= 0 && (when->minutes < from || when->minutes >= to)) {
            t.rejects.push_back({row_no, std::string(id), "outside", name_of(c_time),
                                 "date '" + std::string(cell(c_time)) + "' is outside the study period"});
            return;
        }
        // Location, in order of preference.
        double x = std::numeric_limits<double>::quiet_NaN(), y = x;
        core::LocationStatus status = core::LocationStatus::not_located;
        int kind = 0;  // 1 xy, 2 lonlat, 3 geometry
        auto parse_pair = [&](int cx, int cy, int k) -> int {
            const auto sx = cell(cx);
            const auto sy = cell(cy);
            if (sx.empty() && sy.empty())
                return 0;
            auto vx = core::parse_number(sx), vy = core::parse_number(sy);
            if (!vx || !vy) {
                reject(!vx ? name_of(cx) : name_of(cy), "not a finite number: '" + std::string(!vx ? sx : sy) + "'");
                return -1;
            }
            x = *vx;
            y = *vy;
            return k;
        };
        if (c_x >= 0)
            kind = parse_pair(c_x, c_y, 1);
        if (kind == 0 && c_lon >= 0)
            kind = parse_pair(c_lon, c_lat, 2);
        if (kind < 0)
            return;
        if (kind == 2 && (std::abs(x) > 180 || std::abs(y) > 90)) {
            reject(name_of(std::abs(x) > 180 ? c_lon : c_lat), "longitude/latitude out of range");
            return;
        }
        if (kind == 0 && has_geometry && *rec.point) {
            x = (*rec.point)->x;
            y = (*rec.point)->y;
            kind = 3;
        }
        std::int32_t area = -1;
        if (kind > 0) {
            status = core::LocationStatus::located;
        } else if (!cell(c_area).empty()) {
            status = core::LocationStatus::area_code;
            const auto code = cell(c_area);
            auto it = area_index.find(code);
            if (it == area_index.end()) {
                it = area_index.emplace(std::string(code), t.area_codes.size()).first;
                t.area_codes.emplace_back(code);
            }
            area = static_cast<std::int32_t>(it->second);
        }
        std::uint16_t groups = unmatched_mask;
        if (catalogue) {
            const auto cat = cell(c_cat);
            auto it = group_cache.find(cat);
            if (it == group_cache.end())
                it = group_cache.emplace(group_keys.emplace_back(cat), catalogue->match(std::string(cat))).first;
            groups = it->second;
            if (groups == 0) {
                groups = unmatched_mask;
                ++unmatched[cat.empty() ? "(empty)" : std::string(cat)];
            }
        }
        bool invalid_sex = false;
        auto sex = c_sex < 0 ? core::Sex::unknown : parse_sex(cell(c_sex), invalid_sex);
        bad_sex += invalid_sex;
        std::int16_t age = -1;
        if (!cell(c_age).empty()) {
            auto a = core::parse_number(cell(c_age));
            if (a && *a >= 0 && *a <= 120 && std::floor(*a) == *a)
                age = static_cast<std::int16_t>(*a);
            else
                ++bad_age;
        }
        std::size_t i = t.x.size();
        if (kind == 1 || kind == 3)
            xy_rows.push_back(i);
        else if (kind == 2)
            lonlat_rows.push_back(i);
        t.x.push_back(x);
        t.y.push_back(y);
        t.time.push_back(when->minutes);
        t.has_clock.push_back(when->has_clock);
        t.groups.push_back(groups);
        t.sex.push_back(sex);
        t.age.push_back(age);
        t.status.push_back(status);
        t.area_code.push_back(area);
        t.source_row.push_back(static_cast<std::uint32_t>(row_no));
        if (c_id >= 0)
            t.id.emplace_back(id);
        if (c_addr >= 0)
            t.address.emplace_back(cell(c_addr));
        if (c_cat >= 0)
            t.category.emplace_back(cell(c_cat));
    };
    io::for_each_record(path.string(), ro, on_header, on_row);
    t.rows_read = n;
    ctx.progress(n, n);

    // Transform to the working CRS in bulk; failures become rejects.
    auto transform_rows = [&](const std::vector<std::size_t>& rows, const std::string& from_crs) {
        if (rows.empty())
            return;
        crs::Transformer tr(from_crs, ctx.settings().crs);
        std::vector<double> xs, ys;
        for (auto i : rows) {
            xs.push_back(t.x[i]);
            ys.push_back(t.y[i]);
        }
        tr.transform(xs.data(), ys.data(), xs.size());
        for (std::size_t k = 0; k < rows.size(); ++k) {
            t.x[rows[k]] = xs[k];
            t.y[rows[k]] = ys[k];
        }
    };
    transform_rows(xy_rows, source_crs);
    transform_rows(lonlat_rows, "EPSG:4326");
    // Rows whose coordinates could not be transformed are rejected (kept out of the columns).
    {
        std::vector<std::size_t> keep;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t.status[i] == core::LocationStatus::located && !(std::isfinite(t.x[i]) && std::isfinite(t.y[i])))
                t.rejects.push_back({t.source_row[i], t.id_of(i), "rejected", c_x >= 0 ? name_of(c_x) : "geometry",
                                     "coordinates cannot be transformed to " + ctx.settings().crs});
            else
                keep.push_back(i);
        }
        if (keep.size() != t.size()) {
            auto compact = [&](auto& v) {
                if (v.empty())
                    return;
                std::remove_reference_t<decltype(v)> out;
                out.reserve(keep.size());
                for (auto i : keep)
                    out.push_back(v[i]);
                v = std::move(out);
            };
            compact(t.x), compact(t.y), compact(t.time), compact(t.has_clock), compact(t.groups), compact(t.sex);
            compact(t.age), compact(t.status), compact(t.area_code), compact(t.source_row), compact(t.id);
            compact(t.address), compact(t.category);
        }
    }

    if (!unmatched.empty()) {
        std::uint64_t total = 0;
        std::string examples;
        std::size_t shown = 0;
        for (const auto& [cat, count] : unmatched) {
            total += count;
            if (shown++ < 5)
                examples += (examples.empty() ? "" : ", ") + cat + " (" + std::to_string(count) + ")";
        }
        ctx.warn(std::to_string(total) + " rows have a category not in the catalogue; counted as ovrigt: " + examples +
                 (unmatched.size() > 5 ? ", ..." : ""));
    }
    if (!t.id.empty()) {
        std::map<std::string_view, int> seen_ids;
        std::size_t duplicates = 0;
        std::string example;
        for (const auto& id : t.id)
            if (!id.empty() && ++seen_ids[id] == 2 && duplicates++ == 0)
                example = id;
        if (duplicates)
            ctx.warn(std::to_string(duplicates) + " ids appear more than once (e.g. '" + example +
                     "'); each row is counted, check for double registration");
    }
    if (bad_sex)
        ctx.warn(std::to_string(bad_sex) + " rows have an unrecognised sex (expected M/K, man/kvinna); taken as unknown");
    if (bad_age)
        ctx.warn(std::to_string(bad_age) + " rows have an age that is not a whole number 0-120; taken as unknown");
    RowAccounting acc = count_rows(path.string(), n, t);
    if (acc.rejected) {
        const auto& first = *std::find_if(t.rejects.begin(), t.rejects.end(),
                                          [](const core::Reject& x) { return x.bucket == "rejected"; });
        ctx.warn(std::to_string(acc.rejected) + " of " + std::to_string(n) + " rows rejected (see the rejects table); first: " +
                 records.row_word + " " + std::to_string(first.row) + ": " +
                 (first.field.empty() ? "" : "field '" + first.field + "': ") + first.reason);
    }
    if (n == 0)
        ctx.warn("'" + path.string() + "' has no rows");

    ctx.manifest().record_accounting(ctx.tag(), acc);
    ctx.info(std::to_string(n) + " rows: " + std::to_string(acc.used) + " located or area-coded, " +
             std::to_string(acc.not_located) + " not located, " + std::to_string(acc.outside) +
             " outside the study period, " + std::to_string(acc.rejected) + " rejected");
    return artifact;
}

}  // namespace trygg::pipeline
