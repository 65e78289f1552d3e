// SPDX-License-Identifier: MIT
#include "cli/error_event.hpp"
#include "cli/batch_command.hpp"
#include "cli/geocode_command.hpp"
#include "cli/report_command.hpp"

#include <trygg/cli/cli.hpp>
#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/versions.hpp>
#include <trygg/pipeline/pipeline.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace trygg::cli {

namespace {

core::CancelToken* g_cancel = nullptr;
extern "C" void on_signal(int)
{
    if (g_cancel)
        g_cancel->cancel();
}

// Installs SIGINT/SIGTERM handlers that request cancellation for the duration of a run.
class SignalScope {
public:
    explicit SignalScope(core::CancelToken& token)
    {
        g_cancel = &token;
        previous_int_ = std::signal(SIGINT, on_signal);
        previous_term_ = std::signal(SIGTERM, on_signal);
        // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which the writers
        // report (exit 6, previous output kept), instead of the signal killing the run silently.
        previous_xfsz_ = std::signal(SIGXFSZ, SIG_IGN);
    }
    ~SignalScope()
    {
        std::signal(SIGINT, previous_int_);
        std::signal(SIGTERM, previous_term_);
        std::signal(SIGXFSZ, previous_xfsz_);
        g_cancel = nullptr;
    }

private:
    void (*previous_int_)(int);
    void (*previous_term_)(int);
    void (*previous_xfsz_)(int);
};

void print_stage(std::ostream& out, const pipeline::StageDescriptor& d)
{
    out << d.type << "\n  " << d.description << "\n";
    if (!d.inputs.empty()) {
        out << "  inputs:\n";
        for (const auto& in : d.inputs)
            out << "    " << in.summary() << ": " << in.help << "\n";
    }
    for (const auto& t : d.tag_options)
        out << "  option " << t.name() << (t.several ? " names earlier stages (a tag or an array of tags)" : " names an earlier stage")
            << " of kind " << t.kind << (t.several ? " (inputs)\n" : " (an input)\n");
    out << "  output: " << d.output_kind << "\n";
    if (!d.options.empty()) {
        out << "  options:\n";
        for (const auto& o : d.options) {
            out << "    " << o.name << " (" << pipeline::to_string(o.type);
            if (o.required)
                out << ", required";
            else if (!o.default_value.is_null())
                out << ", default " << o.default_value.dump();
            out << ")\n      " << o.help << "\n";
        }
    }
}

nlohmann::json stage_json(const pipeline::StageDescriptor& d)
{
    nlohmann::json opts = nlohmann::json::array();
    for (const auto& o : d.options)
        opts.push_back({{"name", o.name},
                        {"type", pipeline::to_string(o.type)},
                        {"required", o.required},
                        {"default", o.default_value},
                        {"help", o.help}});
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& in : d.inputs)
        inputs.push_back({{"kind", in.kind}, {"required", in.required}, {"repeated", in.repeated}, {"help", in.help}});
    return {{"type", d.type}, {"description", d.description}, {"options", opts}, {"inputs", inputs},
            {"output", d.output_kind}};
}

void print_summary(std::ostream& out, const pipeline::RunResult& result)
{
    for (const auto& a : result.accounting)
        out << a.source << ": " << a.rows << " rows in, " << a.used << " used, " << a.outside << " outside, "
            << a.not_located << " not located, " << a.rejected << " rejected"
            << (a.balanced() ? "" : "  (ACCOUNTING DOES NOT ADD UP)") << "\n";
    for (const auto& o : result.outputs)
        out << "wrote " << o.string() << "\n";
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    CLI::App app{"trygg: spatial safety analysis (trygghetsanalys) for Swedish municipalities"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every sub-command");

    std::string pipeline_file;
    std::string progress = "auto";
    bool quiet = false;
    auto* run_cmd = app.add_subcommand("run", "Run a pipeline JSON file");
    run_cmd->add_option("file", pipeline_file, "Pipeline JSON")->required();
    run_cmd->add_option("--progress", progress, "Progress: auto (bar on a terminal), bar, json, none")
        ->check(CLI::IsMember({"auto", "bar", "json", "none"}));
    run_cmd->add_flag("-q,--quiet", quiet, "Only errors and warnings");

    auto* validate_cmd = app.add_subcommand("validate", "Check a pipeline without reading data");
    validate_cmd->add_option("file", pipeline_file, "Pipeline JSON")->required();

    std::string stage_type;
    bool as_json = false;
    auto* stages_cmd = app.add_subcommand("stages", "List stages with their options, defaults and help");
    stages_cmd->add_option("type", stage_type, "Only this stage");
    stages_cmd->add_flag("--json", as_json, "Machine-readable");

    bool info_json = false;
    auto* info_cmd = app.add_subcommand("info", "Versions of Trygg, GDAL, PROJ and GEOS");
    info_cmd->add_flag("--json", info_json, "Machine-readable");

    GeocodeCommand geocode_cmd(app);
    ReportCommand report_cmd(app);  // issue 17: `trygg report` runs the pipeline like `run`
    BatchCommand batch_cmd(app);    // issue 20: many municipalities' pipelines as independent processes

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        out << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp& e) {
        out << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::ParseError& e) {
        err << "trygg: " << e.what() << " (try --help)\n";
        return static_cast<int>(core::ExitCode::usage);
    }

    bool json_events = false;  // --progress=json: an error is also one JSON line on stdout
    try {
        if (geocode_cmd.selected())
            return geocode_cmd.run(out, err);
        if (batch_cmd.selected())
            return batch_cmd.run(out, err);
        const auto& registry = pipeline::builtin_registry();
        if (*info_cmd) {
            auto v = core::versions();
            if (info_json)
                out << nlohmann::json{{"trygg", v.trygg}, {"gdal", v.gdal}, {"proj", v.proj}, {"geos", v.geos}}.dump(2)
                    << "\n";
            else
                out << "trygg " << v.trygg << "\nGDAL " << v.gdal << "\nPROJ " << v.proj << "\nGEOS " << v.geos << "\n";
            return 0;
        }
        if (*stages_cmd) {
            std::vector<const pipeline::StageDescriptor*> list;
            if (!stage_type.empty()) {
                const auto* d = registry.find(stage_type);
                if (!d)
                    throw core::UsageError("unknown stage type '" + stage_type + "'");
                list.push_back(d);
            } else {
                list = registry.all();
            }
            if (as_json) {
                nlohmann::json j = nlohmann::json::array();
                for (const auto* d : list)
                    j.push_back(stage_json(*d));
                out << j.dump(2) << "\n";
            } else {
                for (const auto* d : list) {
                    print_stage(out, *d);
                    out << "\n";
                }
            }
            return 0;
        }
        if (*validate_cmd) {
            auto p = pipeline::load_pipeline(pipeline_file);
            auto planned = pipeline::plan(p, registry);
            out << pipeline_file << ": valid (" << planned.size() << " stages)\n";
            return 0;
        }
        if (*run_cmd || report_cmd.selected()) {
            if (report_cmd.selected()) {
                progress = report_cmd.progress();
                quiet = report_cmd.quiet();
            }
            json_events = progress == "json";
            auto p = report_cmd.selected() ? report_cmd.pipeline() : pipeline::load_pipeline(pipeline_file);
            core::ProgressStyle style = core::ProgressStyle::bar;
            if (progress == "json")
                style = core::ProgressStyle::json;
            else if (progress == "none" || quiet)
                style = core::ProgressStyle::quiet;
            else if (progress == "auto" && !(&out == &std::cout && isatty(STDOUT_FILENO)))
                style = core::ProgressStyle::quiet;
            // Progress goes to stderr on a terminal (keeps stdout for the summary), to stdout as JSON.
            auto reporter = core::make_stream_reporter(style, style == core::ProgressStyle::json ? out : err, err);
            core::CancelToken cancel;
            SignalScope signals(cancel);
            auto result = pipeline::run(p, registry, *reporter, cancel);
            reporter.reset();
            if (style == core::ProgressStyle::json)
                out << nlohmann::json{{"result", "ok"}, {"accounting", result.manifest["accounting"]},
                                      {"outputs", result.manifest["outputs"]}}.dump()
                    << "\n";
            else if (!quiet)
                print_summary(out, result);
            return 0;
        }
    } catch (const core::Error& e) {
        // Every error line and event leaves out a password a connection string may carry (issue 20).
        if (json_events)
            out << error_event(e).dump() << "\n" << std::flush;
        err << "trygg: " << core::redact_source(e.what()) << "\n";
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        if (json_events)
            out << internal_error_event(e.what()).dump() << "\n" << std::flush;
        err << "trygg: internal error: " << core::redact_source(e.what()) << "\n";
        return static_cast<int>(core::ExitCode::internal);
    }
    return static_cast<int>(core::ExitCode::usage);
}

}  // namespace trygg::cli
