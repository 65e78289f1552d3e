// SPDX-License-Identifier: MIT
// write.report: builds the report input from write.gpkg's publication (only what the
// GeoPackage publishes), runs the renderer on it, and renames the HTML and PDF into place only
// when every report of the stage succeeded.
#include "write_report.hpp"

#include <trygg/core/test_file_limit.hpp>
#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/publication_artifact.hpp>
#include <trygg/report/renderer.hpp>
#include <trygg/report/report_input.hpp>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace trygg::pipeline {

StageDescriptor WriteReportStage::descriptor()
{
    return {"write.report",
            "Write the Lägesrapport: a self-contained HTML report and an A4 PDF from a write.gpkg's publication",
            {{"path", OptionType::path, nullptr, true,
              "Output HTML (.html); the PDF is <stem>.pdf beside it; with \"per\", <stem>_<kod>.html/.pdf per unit"},
             {"pdf", OptionType::boolean, true, false, "Also write the PDF"},
             {"language", OptionType::string, "sv", false, "sv (Swedish) or en (English)"},
             {"title", OptionType::string, nullptr, false,
              "Title (default: \"Lägesrapport <latest period> – <area>\")"},
             {"area_name", OptionType::string, nullptr, false,
              "Name of the area (default: the district layer's file name, capitalised)"},
             {"per", OptionType::string, nullptr, false,
              "A reporting level of the aggregate (a tag in its \"levels\"): one report per unit of that level"},
             {"keep_input", OptionType::boolean, false, false,
              "Also write the report input as <stem>.report.json (for checking and debugging)"}},
            {{"publication", true, "the write.gpkg whose publication the report shows (default: the last before it)"}},
            "report"};
}

namespace {

struct WriteReportOptions {
    std::filesystem::path path;
    bool pdf = true;
    std::string language = "sv";
    std::optional<std::string> title, area_name, per;
    bool keep_input = false;
};

WriteReportOptions parse_options(const nlohmann::json& o, const ValidationContext& ctx)
{
    WriteReportOptions out;
    out.path = ctx.resolve(o["path"].get<std::string>());
    if (out.path.extension() != ".html")
        throw core::PipelineError(ctx.tag + ": \"path\" must end in .html");
    out.pdf = o.value("pdf", true);
    out.language = o.value("language", std::string("sv"));
    if (out.language != "sv" && out.language != "en")
        throw core::PipelineError(ctx.tag + ": \"language\" must be \"sv\" or \"en\", got \"" + out.language + "\"");
    auto text = [&](const char* name) -> std::optional<std::string> {
        if (!o.contains(name) || o[name].is_null())
            return std::nullopt;
        auto s = o[name].get<std::string>();
        if (s.empty())
            throw core::PipelineError(ctx.tag + ": \"" + name + "\" must not be empty");
        return s;
    };
    out.title = text("title");
    out.area_name = text("area_name");
    out.per = text("per");
    out.keep_input = o.value("keep_input", false);
    return out;
}

struct ReportWritten : Artifact {
    std::vector<std::filesystem::path> paths;
    std::string kind() const override { return "report"; }
};

// The default area name: the analysis district layer's file name, capitalised.
std::string default_area_name(const Publication& publication)
{
    for (const auto& t : publication.tables())
        if (t.table.name() == "delomraden" && t.districts) {
            auto stem = std::filesystem::path(t.districts->layer.source).stem().string();
            if (!stem.empty())
                stem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(stem[0])));
            return stem;
        }
    return "Kommunen";
}

// A temporary folder beside the outputs, removed unless released.
class TempDir {
public:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path))
    {
        std::filesystem::create_directories(path_);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

std::string safe_code(const std::string& kod)
{
    std::string out;
    for (unsigned char c : kod)
        out += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '_';
    return out;
}

// The renderer's folder; a missing renderer is an output error saying where it looked.
std::filesystem::path locate_renderer(const std::string& tag)
{
    const auto located = report::find_renderer();
    if (located.dir)
        return *located.dir;
    std::string where;
    for (const auto& p : located.looked)
        where += (where.empty() ? "" : ", ") + p.string();
    throw core::OutputError(tag + ": the report renderer (Python package trygg_report) was not found (looked in " +
                            (where.empty() ? std::string("no place") : where) +
                            "; set TRYGG_REPORT_DIR to the folder holding trygg_report)");
}

}  // namespace

void WriteReportStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_options(o, ctx);
    // Before any data is read (and before write.gpkg writes): a run that cannot render fails early.
    (void)locate_renderer(ctx.tag);
}

std::shared_ptr<const Artifact> WriteReportStage::run(StageContext& ctx) const
{
    const auto opts = parse_options(ctx.options(), ValidationContext{ctx.tag(), ctx.settings(), {}});
    const auto source = ctx.input<PublicationArtifact>(0);
    if (!source)
        throw core::PipelineError(ctx.tag() + ": needs a write.gpkg before it (the report shows its publication)");
    const auto& publication = source->publication;

    report::ReportRequest request;
    request.language = opts.language;
    request.title = opts.title;
    request.area_name = opts.area_name ? *opts.area_name : default_area_name(publication);
    request.per = opts.per.value_or("");
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        char* end = nullptr;
        const long long v = std::strtoll(epoch, &end, 10);
        if (end && *end == '\0')
            request.source_date_epoch = v;
    }
    std::vector<report::ReportDocument> documents;
    try {
        documents = report::build_report_inputs(publication, request);
    } catch (const core::PipelineError& e) {
        throw core::PipelineError(ctx.tag() + ": " + e.what());
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    }
    if (documents.empty())
        ctx.fail_data("\"per\": the level '" + request.per + "' has no units in the publication");

    const auto located = locate_renderer(ctx.tag());

    const auto dir = opts.path.parent_path();
    std::error_code ec;
    if (!dir.empty()) {
        std::filesystem::create_directories(dir, ec);
        if (ec)
            ctx.fail_output("cannot create the output folder '" + dir.string() + "' (" + ec.message() + ")");
    }
    const auto stem = opts.path.stem().string();
    // Everything is written into a temporary folder beside the outputs, then renamed into place.
    std::optional<TempDir> temp;
    try {
        temp.emplace((dir.empty() ? std::filesystem::path(".") : dir) /
                     ("." + stem + ".report-" + std::to_string(getpid())));
    } catch (const std::filesystem::filesystem_error& e) {
        ctx.fail_output("cannot create a temporary folder beside '" + opts.path.string() + "' (" + e.what() + ")");
    }
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moves;  // (temporary, final)
    std::vector<std::pair<std::filesystem::path, std::string>> outputs;
    std::size_t done = 0;
    for (const auto& doc : documents) {
        ctx.cancel().check();
        const auto name = doc.kod.empty() ? stem : stem + "_" + safe_code(doc.kod);
        const auto input = temp->path() / (name + ".report.json");
        {
            std::ofstream out(input, std::ios::binary);
            out << doc.input.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            if (!out.flush())
                ctx.fail_output("cannot write '" + input.string() + "' (disk full?)");
        }
        const auto html = temp->path() / (name + ".html");
        core::apply_test_file_limit(html.filename().string());
        std::optional<std::filesystem::path> pdf;
        if (opts.pdf)
            pdf = temp->path() / (name + ".pdf");
        try {
            report::run_renderer(located, input, html, pdf, [&](const std::string& line) { ctx.info(line); },
                                 ctx.cancel());
        } catch (const core::OutputError& e) {
            ctx.fail_output(std::string(e.what()) + (doc.kod.empty() ? "" : " (report for '" + doc.kod + "')"));
        }
        for (const auto& produced : {std::optional<std::filesystem::path>(html), pdf})
            if (produced && !std::filesystem::is_regular_file(*produced, ec))
                ctx.fail_output("the renderer exited without writing '" + produced->filename().string() + "'");
        moves.emplace_back(html, dir / html.filename());
        outputs.emplace_back(dir / html.filename(), "Lägesrapport (HTML)");
        if (pdf) {
            moves.emplace_back(*pdf, dir / pdf->filename());
            outputs.emplace_back(dir / pdf->filename(), "Lägesrapport (PDF)");
        }
        if (opts.keep_input) {
            moves.emplace_back(input, dir / input.filename());
            outputs.emplace_back(dir / input.filename(), "report input (JSON)");
        }
        ctx.progress(++done, documents.size());
    }
    ctx.cancel().check();
    auto artifact = std::make_shared<ReportWritten>();
    for (const auto& [from, to] : moves) {
        std::filesystem::rename(from, to, ec);
        if (ec)
            ctx.fail_output("cannot move the report into place as '" + to.string() + "' (" + ec.message() + ")");
        artifact->paths.push_back(to);
    }
    for (const auto& [path, what] : outputs)
        ctx.manifest().record_output(path, what);
    return artifact;
}

}  // namespace trygg::pipeline
