// SPDX-License-Identifier: MIT
// point_factors: meeting places, bus stops, licensed premises, places flagged on safety walks
// per district (count, per 1,000 inhabitants, share of area within walking distance, access).
#include "factors_stages.hpp"
#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/factors/point_exposure.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/spatial/district_index.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace trygg::pipeline {

namespace {

std::string fmt(double v)
{
    if (!std::isfinite(v))
        return "";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// Column-name friendly: lower case ASCII letters, digits and '_' (å/ä -> a, ö -> o).
std::string slug(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            const unsigned char n = static_cast<unsigned char>(s[++i]);
            out += (n == 0xB6 || n == 0x96) ? 'o' : (n == 0xA9 || n == 0x89) ? 'e' : 'a';
        } else if (std::isalnum(c)) {
            out += static_cast<char>(std::tolower(c));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out.empty() ? "typ" : out;
}

}  // namespace

void PointFactorsArtifact::publish(Contribution& out, const RunSettings&) const
{
    out.area_table("punktfaktorer_" + tag, table, "Point factors per district from " + table.source);
}

StageDescriptor PointFactorsStage::descriptor()
{
    return {"point_factors",
            "Point factors per district (meeting places, bus stops, licensed premises, places flagged on safety "
            "walks): count, per 1,000 inhabitants, share of area within walking distance, distance-decay access",
            {{"path", OptionType::path, nullptr, true, "Point layer (GeoPackage, GeoJSON, CSV with geometry...)"},
             {"layer", OptionType::string, "", false, "Layer name (default: the first)"},
             {"type_field", OptionType::string, "", false,
              "Field with the point's type (e.g. kategori, typ); columns are made per type and for all ('alla')"},
             {"types", OptionType::array, nlohmann::json::array(), false, "Types to keep (default: all)"},
             {"name_field", OptionType::string, "", false, "Field with the point's name (for the meeting-place profile)"},
             {"crs", OptionType::string, "", false, "CRS if the source declares none"},
             {"walk_distance", OptionType::number, 400.0, false,
              "Walking distance in metres for <type>_andel_nara (share of the district's area within it)"},
             {"decay", OptionType::number, 500.0, false,
              "Distance-decay scale in metres: <type>_tillgang = sum of exp(-d / decay) from a point inside the district"},
             {"population", OptionType::string, "", false, "Population column of the population table (for <type>_per_1000)"}},
            {{"districts", true, "the analysis districts"},
             {"table", false, "population per district (with \"population\")"}},
            "table"};
}

namespace {

// The options of one point_factors stage, parsed and checked once (validate and run both use it).
struct PointFactorsOptions {
    std::string layer, type_field, name_field, crs, population;
    std::set<std::string> types;  // empty: all
    double walk_distance = 400, decay = 500;
};

PointFactorsOptions parse_point_factors_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    PointFactorsOptions out;
    out.walk_distance = r.number("walk_distance");
    out.decay = r.number("decay");
    if (!(out.walk_distance > 0) || !(out.decay > 0))
        r.fail("\"walk_distance\" and \"decay\" must be positive (metres)");
    for (const auto& t : r.json("types")) {
        if (!t.is_string())
            r.fail("\"types\" must be an array of type names");
        out.types.insert(t.get<std::string>());
    }
    out.layer = r.string("layer");
    out.type_field = r.string("type_field");
    out.name_field = r.string("name_field");
    out.crs = r.string("crs");
    out.population = r.string("population");
    return out;
}

// The points of the kept types, in the districts' CRS, each with its district.
void read_points(const StageContext& ctx, const PointFactorsOptions& o, const std::filesystem::path& path,
                 const core::DistrictLayer& layer, PointFactorsArtifact& artifact)
{
    io::RecordOptions ro;
    ro.layer = o.layer;
    io::Records rec;
    try {
        rec = io::read_records(path.string(), ro);
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());
    }
    const auto where = "'" + path.string() + "'";
    if (rec.geometry != io::RecordGeometry::point && !rec.rows.empty())
        ctx.fail_input(where + " has no point geometry");
    auto field = [&](const std::string& name) {
        if (name.empty())
            return -1;
        const int f = rec.field_index(name);
        if (f < 0)
            ctx.fail_input("field '" + name + "' not found in " + where + " (the fields are: " + rec.field_list() + ")");
        return f;
    };
    const int type_f = field(o.type_field), name_f = field(o.name_field);
    const std::string crs = o.crs.empty() ? rec.crs : o.crs;
    if (crs.empty())
        ctx.fail_input(where + " has no CRS; declare one, e.g. \"crs\": \"EPSG:3006\"");
    std::size_t no_geometry = 0;
    for (std::size_t r = 0; r < rec.rows.size(); ++r) {
        const std::string type = type_f >= 0 ? rec.rows[r][type_f] : "alla";
        if (!o.types.empty() && !o.types.count(type))
            continue;
        if (!rec.points[r]) {
            ++no_geometry;
            continue;
        }
        artifact.points.push_back(*rec.points[r]);
        artifact.types.push_back(type);
        artifact.names.push_back(name_f >= 0 ? rec.rows[r][name_f] : std::string());
    }
    if (no_geometry)
        ctx.warn(std::to_string(no_geometry) + " features of " + where + " have no point; left out");
    crs::Transformer tr(crs, layer.crs);
    std::vector<double> xs, ys;
    for (const auto& p : artifact.points) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    tr.transform(xs.data(), ys.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i)
        artifact.points[i] = {xs[i], ys[i]};
    spatial::DistrictIndex index(layer.polygons);
    artifact.district.resize(artifact.points.size());
    for (std::size_t i = 0; i < artifact.points.size(); ++i)
        artifact.district[i] = index.locate(artifact.points[i].x, artifact.points[i].y);
}

// Population per district from the table's `column` (NaN where unknown; all NaN without one).
std::vector<double> district_population(const StageContext& ctx, const std::string& column,
                                        const TableArtifact* table, const core::DistrictLayer& layer)
{
    std::vector<double> population(layer.size(), NAN);
    if (column.empty())
        return population;
    if (!table)
        ctx.fail_input("\"population\" is set but no population table is given");
    const int c = table->table.column_index(column);
    if (c < 0)
        ctx.fail_input("field '" + column + "' not found in '" + table->table.source + "'");
    const CodeIndex code_index(layer);
    for (std::size_t r = 0; r < table->table.rows.size(); ++r) {
        const int d = code_index(table->table.key(r));
        if (d >= 0)
            population[d] = core::parse_number(table->table.rows[r][c]).value_or(NAN);
    }
    return population;
}

}  // namespace

void PointFactorsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    auto p = ctx.resolve(o["path"].get<std::string>());
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
        throw core::InputError(ctx.tag + ": path '" + p.string() + "' not found");
    (void)parse_point_factors_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> PointFactorsStage::run(StageContext& ctx) const
{
    const auto districts = ctx.input<DistrictsArtifact>(0);
    const auto pop_in = ctx.input<TableArtifact>(1);
    const auto opts = parse_point_factors_options(ctx.options(), ctx.tag());
    const auto& layer = districts->layer;
    const auto n = layer.size();
    const auto path = ctx.path_option("path");
    ctx.manifest().record_input(ctx.tag(), path);
    auto artifact = std::make_shared<PointFactorsArtifact>();
    artifact->tag = ctx.tag();
    read_points(ctx, opts, path, layer, *artifact);
    const auto population = district_population(ctx, opts.population, pop_in.get(), layer);

    // Types in first-seen order, then "alla" for every point together.
    std::vector<std::string> types;
    for (const auto& t : artifact->types)
        if (std::find(types.begin(), types.end(), t) == types.end())
            types.push_back(t);
    if (!(types.size() == 1 && types[0] == "alla"))
        types.push_back("");
    auto& out = artifact->table;
    out.source = path.string();
    out.key_column = "kod";
    out.columns = {"kod"};
    out.rows.assign(n, {});
    for (std::size_t d = 0; d < n; ++d) {
        out.rows[d].push_back(layer.codes[d]);
        out.source_rows.push_back(d + 1);
    }
    std::size_t outside = 0;
    for (auto d : artifact->district)
        outside += d < 0;
    for (const auto& type : types) {
        std::vector<core::Point> pts;
        std::vector<std::int32_t> dist;
        for (std::size_t i = 0; i < artifact->points.size(); ++i)
            if (type.empty() || artifact->types[i] == type) {
                pts.push_back(artifact->points[i]);
                dist.push_back(artifact->district[i]);
            }
        const auto e = factors::point_exposure(pts, dist, layer.polygons, opts.walk_distance, opts.decay);
        const auto s = type.empty() ? std::string("alla") : slug(type);
        for (const auto* suffix : {"_antal", "_per_1000", "_andel_nara", "_tillgang"})
            out.columns.push_back(s + suffix);
        for (std::size_t d = 0; d < n; ++d) {
            out.rows[d].push_back(fmt(e.count[d]));
            out.rows[d].push_back(population[d] > 0 ? fmt(1000.0 * e.count[d] / population[d]) : "");
            out.rows[d].push_back(fmt(e.share_near[d]));
            out.rows[d].push_back(fmt(e.access[d]));
        }
    }
    ctx.info(std::to_string(artifact->points.size()) + " points (" + std::to_string(outside) +
             " outside every district), " + std::to_string(types.size()) + " column groups");
    return artifact;
}

}  // namespace trygg::pipeline
