// SPDX-License-Identifier: MIT
// read.districts: district polygons (delområden, DeSO, RegSO...) with code and name, reprojected
// to the working CRS, repaired when invalid and checked for overlaps.
#include "district_names.hpp"
#include "option_reader.hpp"
#include "spine_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/crs/transformer.hpp>
#include <trygg/io/record_reader.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/spatial/polygon_repair.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace trygg::pipeline {

StageDescriptor ReadDistrictsStage::descriptor()
{
    return {"read.districts",
            "Read district polygons (delområden, DeSO, RegSO) with code and name fields",
            {{"path", OptionType::path, nullptr, true, "Polygon layer (GeoPackage, GeoJSON, Shapefile...)"},
             {"layer", OptionType::string, "", false, "Layer name (default: the first)"},
             {"code", OptionType::string, nullptr, true, "Field with the unique district code"},
             {"name", OptionType::string, "", false, "Field with the district name"},
             {"crs", OptionType::string, "", false, "CRS if the source declares none or declares it wrongly"},
             {"names", OptionType::object, nlohmann::json::object(), false,
              "Names from a table: {\"table\": tag of a read.table keyed by district code, \"name\": its name "
              "column}; fills the districts the name field leaves empty"},
             {"names_from", OptionType::string, nullptr, false,
              "Tag of an earlier read.districts stage enclosing these districts (DeSO -> RegSO): a district still "
              "without a name gets \"<outer name> (<outer code>) · <code>\" of the one holding most of its area"}},
            {},
            "districts",
            {{"names", "table", "table"}, {"names_from", "", "districts"}}};
}

namespace {

// The options of one read.districts stage (validate and run both use it).
struct ReadDistrictsOptions {
    std::string layer, code, name, crs;
    std::string names_table, names_column;  // "names": {"table", "name"}
    std::string names_from;                 // tag of the enclosing read.districts
};

ReadDistrictsOptions parse_read_districts_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    ReadDistrictsOptions out{r.string("layer"), r.string("code"), r.string("name"), r.string("crs"), "", "", ""};
    const auto& names = r.json("names");
    for (const auto& [key, value] : names.items())
        if ((key != "table" && key != "name") || !value.is_string())
            r.fail("\"names\" takes \"table\" (a tag) and \"name\" (a column name)");
    if (!names.empty() && (!names.contains("table") || !names.contains("name")))
        r.fail("\"names\" needs both \"table\" and \"name\"");
    out.names_table = names.value("table", "");
    out.names_column = names.value("name", "");
    if (r.has("names_from"))
        out.names_from = r.string("names_from");
    return out;
}

std::string short_number(double v)
{
    std::ostringstream o;
    o << v;
    return o.str();
}

// Share of a district's area inside its enclosing district below which it is reported as not nested.
constexpr double nested_share = 0.95;

}  // namespace

void ReadDistrictsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_file(ctx, "path", o["path"]);
    (void)parse_read_districts_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> ReadDistrictsStage::run(StageContext& ctx) const
{
    const auto opts = parse_read_districts_options(ctx.options(), ctx.tag());
    const auto path = ctx.path_option("path");
    ctx.manifest().record_input(ctx.tag(), path);
    io::RecordOptions ro;
    ro.layer = opts.layer;
    io::Records records;
    try {
        records = io::read_records(path.string(), ro);
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());  // the line names the stage, as every reader's does
    }
    record_database_provenance(ctx, path.string(), records.layer);
    const auto where = "'" + records.source + "'" + (records.layer.empty() ? "" : " layer '" + records.layer + "'");
    if (records.geometry != io::RecordGeometry::polygon && !records.rows.empty())
        ctx.fail_input(where + " has no polygon geometry");
    const auto& code_field = opts.code;
    const auto& name_field = opts.name;
    // An empty layer has no fields either: say it is empty rather than list no fields.
    if (records.rows.empty())
        ctx.fail_data(where + " has no features");
    int cc = records.field_index(code_field);
    if (cc < 0)
        ctx.fail_input(core::coded("field '" + code_field + "' not found in " + where + " (the fields are: " +
                           records.field_list() + ")",
                       {"field_not_found",
                        {{"file", path.string()}, {"field", code_field}, {"role", "code"},
                         {"fields", records.field_list()}}}));
    int nc = name_field.empty() ? -1 : records.field_index(name_field);
    if (!name_field.empty() && nc < 0)
        ctx.fail_input(core::coded("field '" + name_field + "' not found in " + where + " (the fields are: " +
                           records.field_list() + ")",
                       {"field_not_found",
                        {{"file", path.string()}, {"field", name_field}, {"role", "name"},
                         {"fields", records.field_list()}}}));
    std::string source_crs = opts.crs;
    if (source_crs.empty())
        source_crs = records.crs;
    if (source_crs.empty())
        ctx.fail_input(where + " has no CRS; declare one, e.g. \"crs\": \"EPSG:3006\"");

    auto artifact = std::make_shared<DistrictsArtifact>();
    auto& layer = artifact->layer;
    layer.source = records.source;
    layer.layer = records.layer;
    layer.code_field = code_field;
    layer.crs = ctx.settings().crs;
    crs::Transformer tr(source_crs, layer.crs);
    std::set<std::string> seen;
    for (std::size_t r = 0; r < records.rows.size(); ++r) {
        ctx.cancel().check();
        const auto feature = "feature " + std::to_string(records.row_numbers[r]);
        auto code = records.rows[r][static_cast<std::size_t>(cc)];
        if (code.empty())
            ctx.fail_input(where + " " + feature + ": field '" + code_field + "' is empty");
        // "totalt" is the municipal total's row in incident_counts and every level table.
        if (code.size() == 6 && std::equal(code.begin(), code.end(), "totalt",
                                           [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
            ctx.fail_input(where + " " + feature + ": code '" + code + "' in field '" + code_field +
                           "' is reserved for the total of all districts; rename the district");
        if (!seen.insert(code).second)
            ctx.fail_input(where + " " + feature + ": code '" + code + "' in field '" + code_field +
                           "' is not unique");
        auto mp = records.polygons[r];
        if (mp.empty()) {
            ctx.warn(where + " " + feature + " (" + code + ") has an empty geometry; left out");
            continue;
        }
        for (auto& poly : mp) {
            auto project = [&](core::Ring& ring) {
                std::vector<double> xs, ys;
                for (const auto& p : ring) {
                    xs.push_back(p.x);
                    ys.push_back(p.y);
                }
                tr.transform(xs.data(), ys.data(), xs.size());
                for (std::size_t k = 0; k < ring.size(); ++k) {
                    if (!std::isfinite(xs[k]) || !std::isfinite(ys[k]))
                        ctx.fail_data(where + " " + feature + " (" + code + "): coordinates cannot be transformed to " +
                                      layer.crs + " (is \"crs\" right?)");
                    // Beyond a million kilometres no area or distance is meaningful (1e308 would
                    // give an infinite area and a null per_km2 for the district and the total).
                    if (std::abs(xs[k]) > 1e9 || std::abs(ys[k]) > 1e9)
                        ctx.fail_data(where + " " + feature + " (" + code + "): coordinate (" + short_number(xs[k]) +
                                      ", " + short_number(ys[k]) + ") is out of range in " + layer.crs +
                                      " (is \"crs\" right?)");
                    ring[k] = {xs[k], ys[k]};
                }
            };
            project(poly.outer);
            for (auto& h : poly.holes)
                project(h);
        }
        auto repaired = spatial::make_valid(mp);
        if (repaired.repaired)
            ctx.warn(where + " " + feature + " (" + code + ") is invalid (" + repaired.reason + "); repaired");
        if (repaired.polygon.empty()) {
            ctx.warn(where + " " + feature + " (" + code + ") has no area after repair; left out");
            continue;
        }
        layer.codes.push_back(code);
        layer.names.push_back(nc >= 0 ? records.rows[r][static_cast<std::size_t>(nc)] : std::string());
        layer.area_km2.push_back(core::area(repaired.polygon) / 1e6);
        layer.polygons.push_back(std::move(repaired.polygon));
        ctx.progress(r + 1, records.rows.size());
    }
    if (layer.size() == 0)
        ctx.fail_data(where + " has no usable polygons");
    if (!opts.names_table.empty())
        if (auto table = std::dynamic_pointer_cast<const TableArtifact>(ctx.input_tagged(opts.names_table)))
            names_from_table(layer, table->table, opts.names_column, ctx);
    if (!opts.names_from.empty())
        if (auto outer = std::dynamic_pointer_cast<const DistrictsArtifact>(ctx.input_tagged(opts.names_from)))
            names_from_enclosing(layer, outer->layer, nested_share, ctx);
    // Overlaps of more than 1 m² are reported; points there go to the first district in layer order.
    auto overlaps = spatial::find_overlaps(layer.polygons, 1.0);
    if (!overlaps.empty()) {
        std::string list;
        for (std::size_t k = 0; k < overlaps.size() && k < 5; ++k)
            list += (k ? ", " : "") + layer.codes[overlaps[k].a] + "/" + layer.codes[overlaps[k].b] + " (" +
                    std::to_string(static_cast<long long>(overlaps[k].area)) + " m²)";
        ctx.warn(std::to_string(overlaps.size()) + " pairs of districts overlap: " + list +
                 (overlaps.size() > 5 ? ", ..." : "") + "; a point in an overlap goes to the first in layer order");
    }
    ctx.info(std::to_string(layer.size()) + " districts");
    return artifact;
}

}  // namespace trygg::pipeline
