// write.gpkg: one GeoPackage per run with every earlier stage's layers and tables, the
// rasters and the run manifest beside it; written to temporary files and renamed into place.
#include "spine_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/versions.hpp>
#include <trygg/io/geopackage_writer.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>

#include <filesystem>
#include <fstream>

namespace trygg::pipeline {

StageDescriptor WriteGpkgStage::descriptor()
{
    return {"write.gpkg",
            "Write the run's layers, tables and manifest to one GeoPackage (atomically)",
            {{"path", OptionType::path, nullptr, true, "Output GeoPackage (its folder is created if missing)"}},
            {},
            "output"};
}

void WriteGpkgStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    auto path = ctx.resolve(o["path"].get<std::string>());
    if (path.extension() != ".gpkg")
        throw core::PipelineError(ctx.tag + ": \"path\" must end in .gpkg");
    // The output folder is created if missing; its nearest existing ancestor must be a folder.
    std::error_code ec;
    auto dir = std::filesystem::absolute(path, ec).parent_path();
    while (!dir.empty() && !std::filesystem::exists(dir, ec) && dir != dir.parent_path())
        dir = dir.parent_path();
    if (!std::filesystem::is_directory(dir, ec))
        throw core::OutputError(ctx.tag + ": cannot create the output folder of '" + path.string() + "' ('" +
                                dir.string() + "' is not a folder)");
}

namespace {
struct Written : Artifact {
    std::vector<std::filesystem::path> paths;
    std::string kind() const override { return "output"; }
};
}  // namespace

std::shared_ptr<const Artifact> WriteGpkgStage::run(StageContext& ctx) const
{
    const auto path = ctx.path_option("path");
    if (!path.parent_path().empty()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            ctx.fail_output("cannot create the output folder '" + path.parent_path().string() + "' (" + ec.message() + ")");
    }
    io::GeoPackageContent content;
    // The analysis districts: those of the last assign, else the first districts read.
    for (const auto& [tag, artifact] : ctx.history()) {
        if (auto a = std::dynamic_pointer_cast<const AssignedArtifact>(artifact))
            content.primary_districts = a->districts.get();
        else if (auto d = std::dynamic_pointer_cast<const DistrictsArtifact>(artifact); d && !content.primary_districts)
            content.primary_districts = d.get();
    }
    for (const auto& [tag, artifact] : ctx.history())
        artifact->contribute(content, ctx.settings());
    ctx.cancel().check();

    auto& manifest = ctx.manifest();
    auto dir = path.parent_path();
    manifest.record_output(path, "GeoPackage");
    for (const auto& side : content.side_files())
        manifest.record_output(dir / side.final_name, side.description);
    const std::string manifest_name = path.stem().string() + ".manifest.json";
    manifest.record_output(dir / manifest_name, "run manifest");
    auto v = core::versions();
    manifest.set("versions", {{"trygg", v.trygg}, {"gdal", v.gdal}, {"proj", v.proj}, {"geos", v.geos}});
    for (const auto& [key, value] : content.manifest_extra.items())
        manifest.set(key, value);
    auto json = manifest.to_json();

    auto& table = content.table("run_manifest");
    table.description = "How this GeoPackage was made: inputs, options, versions and row accounting";
    std::vector<std::optional<std::string>> keys, values;
    for (const auto& [key, value] : json.items()) {
        keys.emplace_back(key);
        values.emplace_back(value.dump());
    }
    table.add_text("key", std::move(keys));
    table.add_text("value", std::move(values));
    const std::string text = json.dump(2) + "\n";
    content.add_side_file({manifest_name,
                           [text](const std::filesystem::path& p) {
                               std::ofstream out(p, std::ios::binary);
                               out << text;
                               if (!out.flush())
                                   throw core::OutputError(p.string() + ": cannot write (disk full?)");
                           },
                           "run manifest"});
    auto artifact = std::make_shared<Written>();
    try {
        artifact->paths = io::write_geopackage(content, path);
    } catch (const core::OutputError& e) {
        ctx.fail_output(e.what());
    }
    return artifact;
}

}  // namespace trygg::pipeline
