// SPDX-License-Identifier: MIT
#include "cli/report_command.hpp"

#include <trygg/core/error.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>

namespace trygg::cli {

struct ReportCommand::Options {
    std::string file;
    std::string language;
    bool no_pdf = false;
    std::string out;
    std::string progress = "auto";
    bool quiet = false;
};

ReportCommand::ReportCommand(CLI::App& app) : options_(std::make_shared<Options>())
{
    command_ = app.add_subcommand(
        "report",
        "Run a pipeline and write its Lägesrapport (HTML + PDF). Without a write.report stage, one is added after "
        "the last write.gpkg, writing <gpkg stem>.html and <gpkg stem>.pdf beside the GeoPackage");
    command_->add_option("file", options_->file, "Pipeline JSON")->required();
    command_->add_option("--language", options_->language, "Report language: sv (default) or en")
        ->check(CLI::IsMember({"sv", "en"}));
    command_->add_flag("--no-pdf", options_->no_pdf, "Write the HTML only");
    command_->add_option("--out", options_->out, "Folder for the report files (default: beside the GeoPackage)");
    command_->add_option("--progress", options_->progress, "Progress: auto (bar on a terminal), bar, json, none")
        ->check(CLI::IsMember({"auto", "bar", "json", "none"}));
    command_->add_flag("-q,--quiet", options_->quiet, "Only errors and warnings");
}

bool ReportCommand::selected() const
{
    return command_ && command_->parsed();
}

const std::string& ReportCommand::progress() const
{
    return options_->progress;
}

bool ReportCommand::quiet() const
{
    return options_->quiet;
}

void apply_report_options(pipeline::Pipeline& p, const std::string& language, bool no_pdf, const std::string& out_dir)
{
    const auto out = out_dir.empty() ? std::filesystem::path() : std::filesystem::absolute(out_dir);
    bool has_report = false;
    std::optional<std::size_t> last_gpkg;
    for (std::size_t i = 0; i < p.stages.size(); ++i) {
        if (p.stages[i].type == "write.gpkg")
            last_gpkg = i;
        if (p.stages[i].type == "write.report")
            has_report = true;
    }
    if (!has_report) {
        if (!last_gpkg)
            throw core::PipelineError("report: the pipeline has no write.gpkg stage (the report shows its publication)");
        const auto& gpkg = p.stages[*last_gpkg];
        if (!gpkg.options.contains("path") || !gpkg.options["path"].is_string())
            throw core::PipelineError("report: stage " + std::to_string(*last_gpkg + 1) +
                                      " (write.gpkg) has no \"path\"");
        auto html = std::filesystem::path(gpkg.options["path"].get<std::string>()).replace_extension(".html");
        pipeline::StageSpec report;
        report.type = "write.report";
        report.tag = "write.report";
        report.options = {{"path", html.string()}};
        // Its input: the write.gpkg it follows (its tag as the pipeline gives it, or the type).
        report.input_tags = {gpkg.tag.empty() ? std::string("write.gpkg") : gpkg.tag};
        p.stages.insert(p.stages.begin() + static_cast<std::ptrdiff_t>(*last_gpkg + 1), std::move(report));
    }
    for (auto& s : p.stages) {
        if (s.type != "write.report")
            continue;
        if (!language.empty())
            s.options["language"] = language;
        if (no_pdf)
            s.options["pdf"] = false;
        if (!out.empty() && s.options.contains("path") && s.options["path"].is_string())
            s.options["path"] = (out / std::filesystem::path(s.options["path"].get<std::string>()).filename()).string();
    }
}

pipeline::Pipeline ReportCommand::pipeline() const
{
    auto p = pipeline::load_pipeline(options_->file);
    apply_report_options(p, options_->language, options_->no_pdf, options_->out);
    return p;
}

}  // namespace trygg::cli
