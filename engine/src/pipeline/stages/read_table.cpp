// read.table: a table keyed by area code (population, SCB exports, surveys).
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
             {"encoding", OptionType::string, "auto", false, "Text encoding: auto, utf-8 or windows-1252"}},
            {},
            "table"};
}

void ReadTableStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_file(ctx, "path", o["path"]);
    try {
        io::parse_table_format(o["format"].get<std::string>());
        io::parse_encoding(o["encoding"].get<std::string>());
    } catch (const core::PipelineError& e) {
        throw core::PipelineError(ctx.tag + ": " + e.what());
    }
}

std::shared_ptr<const Artifact> ReadTableStage::run(StageContext& ctx) const
{
    const auto path = ctx.path_option("path");
    ctx.manifest().record_input(ctx.tag(), path);
    io::AreaTableOptions o;
    o.key = ctx.option<std::string>("key");
    o.format = io::parse_table_format(ctx.option<std::string>("format"));
    o.encoding = io::parse_encoding(ctx.option<std::string>("encoding"));
    o.layer = ctx.option<std::string>("layer");
    auto artifact = std::make_shared<TableArtifact>();
    try {
        artifact->table = io::read_area_table(path.string(), o);
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());
    }
    ctx.info(std::to_string(artifact->table.rows.size()) + " rows, columns: " +
             std::to_string(artifact->table.columns.size()));
    return artifact;
}

}  // namespace trygg::pipeline
