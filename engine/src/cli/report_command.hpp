// SPDX-License-Identifier: MIT
#pragma once
// `trygg report PIPELINE.json`: runs a pipeline with a write.report stage (the Lägesrapport),
// adding one after the last write.gpkg when the pipeline has none.
#include <trygg/pipeline/pipeline.hpp>

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace trygg::cli {

class ReportCommand {
public:
    // Registers the sub-command and its options on `app`.
    explicit ReportCommand(CLI::App& app);
    bool selected() const;
    // The pipeline to run: the file's, with the command line's report options applied.
    // Throws core::Error subclasses (the caller maps them to exit codes).
    pipeline::Pipeline pipeline() const;
    const std::string& progress() const;
    bool quiet() const;

    struct Options;

private:
    std::shared_ptr<Options> options_;
    CLI::App* command_ = nullptr;
};

// The pipeline with the report options applied (exposed for tests): every write.report gets
// `language` (if not empty) and pdf=false (if `no_pdf`), its file moved into `out_dir` (if not
// empty); with no write.report, one is added after the last write.gpkg, writing
// <gpkg stem>.html beside the GeoPackage (or in `out_dir`).
void apply_report_options(pipeline::Pipeline& p, const std::string& language, bool no_pdf, const std::string& out_dir);

}  // namespace trygg::cli
