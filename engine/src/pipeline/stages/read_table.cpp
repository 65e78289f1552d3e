// SPDX-License-Identifier: MIT
// read.table: a table keyed by area code (population, SCB exports, surveys).
#include "option_reader.hpp"
#include "spine_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/io/area_table_reader.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>

namespace trygg::pipeline {

StageDescriptor ReadTableStage::descriptor()
{
    return {"read.table",
            "Read a table keyed by area code: CSV/XLSX or an SCB Statistikdatabasen CSV export as downloaded",
            {{"path", OptionType::path, nullptr, true, "The table file"},
             {"key", OptionType::string, "", false,
              "Key column with the area code (plain tables; SCB exports: the name given to the detected code column, default 'kod')"},
             {"format", OptionType::string, "auto", false, "auto, plain or scb"},
             {"layer", OptionType::string, "", false, "Sheet/layer name (XLSX, GeoPackage)"},
             {"encoding", OptionType::string, "auto", false, "Text encoding: auto, utf-8 or windows-1252"},
             {"year", OptionType::integer, nullptr, false,
              "The year the table describes (aggregate's population gives each period its own year); SCB "
              "exports with one year in their header need not say it"},
             {"layout", OptionType::string, "wide", false,
              "SCB exports: wide (one column per value, as exported) or long (one row per area and value "
              "column, with a column per header variable: år, ålder, kön ... and the value in \"värde\")"}},
            {},
            "table"};
}

namespace {

// The options of one read.table stage, parsed and checked once (validate and run both use it).
io::AreaTableOptions parse_read_table_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    io::AreaTableOptions out;
    try {
        out.format = io::parse_table_format(r.string("format"));
        out.encoding = io::parse_encoding(r.string("encoding"));
    } catch (const core::PipelineError& e) {
        r.fail(e.what());
    }
    out.key = r.string("key");
    out.layer = r.string("layer");
    if (r.has("year")) {
        out.year = r.integer<int>("year", 1800, 2200);
    }
    const auto layout = r.string("layout");
    if (layout != "wide" && layout != "long")
        r.fail("\"layout\" must be wide or long, not '" + layout + "'");
    out.long_layout = layout == "long";
    return out;
}

}  // namespace

void ReadTableStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_file(ctx, "path", o["path"]);
    (void)parse_read_table_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> ReadTableStage::run(StageContext& ctx) const
{
    const auto o = parse_read_table_options(ctx.options(), ctx.tag());
    const auto path = ctx.path_option("path");
    ctx.manifest().record_input(ctx.tag(), path);
    auto artifact = std::make_shared<TableArtifact>();
    try {
        artifact->table = io::read_area_table(path.string(), o);
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());
    }
    record_database_provenance(ctx, path.string(), o.layer);
    ctx.info(std::to_string(artifact->table.rows.size()) + " rows, columns: " +
             std::to_string(artifact->table.columns.size()));
    return artifact;
}

}  // namespace trygg::pipeline
