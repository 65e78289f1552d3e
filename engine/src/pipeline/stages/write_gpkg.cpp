// SPDX-License-Identifier: MIT
// write.gpkg: one GeoPackage per run with its inputs' layers and tables (default: every earlier
// stage), the rasters and the run manifest beside it. The inputs are assembled into one
// publication first (publication.hpp), which is then written to temporary files and renamed
// into place.
#include "evaluate_measure.hpp"  // issue 19 (part measure)
#include "spine_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/publication_artifact.hpp>
#include <trygg/pipeline/release_guard.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace trygg::pipeline {

StageDescriptor WriteGpkgStage::descriptor()
{
    return {"write.gpkg",
            "Write the run's layers, tables and manifest to one GeoPackage (atomically)",
            {{"path", OptionType::path, nullptr, true, "Output GeoPackage (its folder is created if missing)"}},
            {{"*", false,
              "what to publish, by tag; each input adds its own layers, tables, rasters and columns (statistics on "
              "a district layer join that layer's table: `delomraden` for the districts of the assign feeding the "
              "aggregate, else the first district layer; `omraden_<layer>` for others)",
              true}},
            "publication"};
}

namespace {

// The options of one write.gpkg stage, parsed and checked once (validate and run both use it).
struct WriteGpkgOptions {
    std::filesystem::path path;  // resolved against the pipeline's folder
};

WriteGpkgOptions parse_write_gpkg_options(const nlohmann::json& o, const ValidationContext& ctx)
{
    WriteGpkgOptions out{ctx.resolve(o["path"].get<std::string>())};
    if (out.path.extension() != ".gpkg")
        throw core::PipelineError(ctx.tag + ": \"path\" must end in .gpkg");
    return out;
}

}  // namespace

void WriteGpkgStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    const auto path = parse_write_gpkg_options(o, ctx).path;
    // The output folder is created if missing; its nearest existing ancestor must be a folder.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw core::OutputError(ctx.tag + ": '" + path.string() + "' is a folder, not a GeoPackage file; choose another \"path\"");
    auto dir = std::filesystem::absolute(path, ec).parent_path();
    while (!dir.empty() && !std::filesystem::exists(dir, ec) && dir != dir.parent_path())
        dir = dir.parent_path();
    if (!std::filesystem::is_directory(dir, ec))
        throw core::OutputError(ctx.tag + ": cannot create the output folder of '" + path.string() + "' ('" +
                                dir.string() + "' is not a folder)");
}

namespace {
// The analysis districts, published as `delomraden`: those of the assign feeding the (last)
// aggregate among the inputs, else of the last assign, else the first district layer.
const DistrictsArtifact* analysis_districts(const std::vector<NamedInput>& inputs)
{
    const DistrictsArtifact* from_aggregate = nullptr;
    const DistrictsArtifact* from_assign = nullptr;
    const DistrictsArtifact* first = nullptr;
    for (const auto& in : inputs) {
        if (auto g = std::dynamic_pointer_cast<const AggregateArtifact>(in.artifact); g && g->assigned)
            from_aggregate = g->assigned->districts.get();
        else if (auto a = std::dynamic_pointer_cast<const AssignedArtifact>(in.artifact))
            from_assign = a->districts.get();
        else if (auto d = std::dynamic_pointer_cast<const DistrictsArtifact>(in.artifact); d && !first)
            first = d.get();
    }
    return from_aggregate ? from_aggregate : from_assign ? from_assign : first;
}

std::string other_district_table(const DistrictsArtifact& d)
{
    std::string name = "omraden_";
    for (char c : d.layer.layer.empty() ? std::string("extra") : d.layer.layer)
        name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                                                            : '_';
    return name;
}
}  // namespace

std::shared_ptr<const Artifact> WriteGpkgStage::run(StageContext& ctx) const
{
    const auto path = parse_write_gpkg_options(ctx.options(), ValidationContext{ctx.tag(), ctx.settings(), {}}).path;
    if (!path.parent_path().empty()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            ctx.fail_output("cannot create the output folder '" + path.parent_path().string() + "' (" + ec.message() + ")");
    }
    const auto inputs = ctx.inputs_in(0);
    // "delomraden" is decided here, once; with no analysis districts among the inputs the first
    // district layer published takes the name.
    const DistrictsArtifact* primary = analysis_districts(inputs);
    // The artifact keeps the publication as written (write.report reads it) and the inputs it
    // points into.
    auto artifact = std::make_shared<PublicationArtifact>(ctx.tag(), [primary](const DistrictsArtifact& d) mutable {
        if (!primary)
            primary = &d;
        return &d == primary ? std::string("delomraden") : other_district_table(d);
    });
    artifact->inputs = inputs;
    artifact->gpkg = path;
    auto& publication = artifact->publication;
    // Published runs keep record-level tables out of the GeoPackage (internal file beside it);
    // counts the publication adds itself are withheld like the aggregates' (the strictest).
    publication.separate_record_level(ctx.settings().privacy == Privacy::publish);
    int threshold = 0;
    for (const auto& in : inputs)
        if (auto g = std::dynamic_pointer_cast<const AggregateArtifact>(in.artifact))
            threshold = std::max(threshold, g->result.options.suppress_below);
    publication.set_suppress_below(threshold > 1 ? threshold : 5);
    for (const auto& in : inputs) {
        auto part = publication.contribution(in.tag);
        in.artifact->publish(part, ctx.settings());
    }
    ctx.cancel().check();
    publication.withhold_rasters_jointly();
    for (const auto& in : inputs)  // issue 19 (part measure): window counts against incident_counts
        withhold_evaluation_jointly(publication, *in.artifact);
    // Checked against the release ledger before anything is written; recorded once in place.
    ReleaseGuard ledger(ctx.settings(), inputs);
    ledger.check(ctx.tag());
    publication.assemble_manifest(ctx.manifest(), path);
    try {
        artifact->paths = publication.write_geopackage(path, [&ctx] { ctx.cancel().check(); });
        if (const auto id = ledger.record(path))
            ctx.info("recorded as release " + std::to_string(id) + " in '" + ctx.settings().ledger.string() + "'");
    } catch (const core::OutputError& e) {
        ctx.fail_output(e.what());
    }
    return artifact;
}

}  // namespace trygg::pipeline
