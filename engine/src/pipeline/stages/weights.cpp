#include "weights.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/spatial/weights_contiguity.hpp>
#include <trygg/spatial/weights_distance.hpp>
#include <trygg/spatial/weights_file.hpp>
#include <trygg/spatial/weights_islands.hpp>

#include <sstream>

namespace trygg::pipeline {

namespace {

const char* const methods = "queen, rook, distance_band, knn, inverse_distance";

bool is_gwt(const std::filesystem::path& p)
{
    auto ext = p.extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".gwt";
}

}  // namespace

StageDescriptor WeightsStage::descriptor()
{
    return {
        "weights",
        "spatial weights between districts: contiguity, distance band, k nearest, inverse distance or a GAL/GWT file",
        {
            {"method", OptionType::string, "queen", false,
             "queen | rook (shared edge) | distance_band | knn | inverse_distance (distances between centroids)"},
            {"snap", OptionType::number, 0.0, false,
             "contiguity: vertices closer than this (metres) are the same vertex, closing slivers; 0 = exact"},
            {"threshold", OptionType::number, nullptr, false,
             "distance_band: neighbours within this distance (metres, inclusive); inverse_distance: optional cut-off"},
            {"k", OptionType::integer, 6, false, "knn: number of nearest neighbours"},
            {"power", OptionType::number, 1.0, false, "inverse_distance: w = 1/d^power (1 or 2)"},
            {"transform", OptionType::string, "row", false,
             "row (each row sums to 1) | binary | none (keep inverse-distance values)"},
            {"islands", OptionType::string, "error", false,
             "districts without neighbours: error | leave_out (warned; statistics leave them out) | nearest "
             "(joined to the nearest district)"},
            {"path", OptionType::path, nullptr, false,
             "read the weights from a GAL or GWT file instead (ids: district codes when the header names a key, "
             "else 1-based district order)"},
            {"write", OptionType::path, nullptr, false, "also write the weights as GAL (or GWT by extension)"},
        },
        {{"districts", true, "the districts the weights are between"}},
        "weights",
    };
}

void WeightsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    const auto method = o.at("method").get<std::string>();
    if (method != "queen" && method != "rook" && method != "distance_band" && method != "knn" &&
        method != "inverse_distance")
        throw core::PipelineError(ctx.tag + ": unknown method '" + method + "' (expected " + methods + ")");
    if (method == "distance_band" && o.at("threshold").is_null())
        throw core::PipelineError(ctx.tag + ": method distance_band needs \"threshold\" (metres)");
    if (!o.at("threshold").is_null() && !(o.at("threshold").get<double>() > 0.0))
        throw core::PipelineError(ctx.tag + ": \"threshold\" must be positive");
    if (o.at("snap").get<double>() < 0.0)
        throw core::PipelineError(ctx.tag + ": \"snap\" must not be negative");
    if (o.at("k").get<long long>() < 1)
        throw core::PipelineError(ctx.tag + ": \"k\" must be at least 1");
    if (!(o.at("power").get<double>() > 0.0))
        throw core::PipelineError(ctx.tag + ": \"power\" must be positive");
    const auto transform = o.at("transform").get<std::string>();
    if (transform != "row" && transform != "binary" && transform != "none")
        throw core::PipelineError(ctx.tag + ": unknown transform '" + transform + "' (expected row, binary or none)");
    try {
        spatial::parse_island_policy(o.at("islands").get<std::string>());
    } catch (const std::invalid_argument& e) {
        throw core::PipelineError(ctx.tag + ": " + e.what());
    }
    if (!o.at("path").is_null()) {
        const auto p = ctx.resolve(o.at("path").get<std::string>());
        if (!std::filesystem::exists(p))
            throw core::InputError(ctx.tag + ": weights file '" + p.string() + "' not found");
    }
}

std::shared_ptr<const Artifact> WeightsStage::run(StageContext& ctx) const
{
    auto districts = ctx.input<DistrictsArtifact>(0);
    if (!districts)
        ctx.fail_input("needs a districts input");
    const auto& layer = districts->layer;
    auto out = std::make_shared<WeightsArtifact>();
    out->districts = districts;
    const auto method = ctx.option<std::string>("method");
    std::ostringstream desc;
    spatial::Weights w;
    std::vector<core::Point> centres = spatial::centroids(layer.polygons);
    try {
        if (ctx.has_option("path")) {
            const auto path = ctx.path_option("path");
            ctx.manifest().record_input(ctx.tag(), path);
            w = is_gwt(path) ? spatial::read_gwt(path, layer.codes) : spatial::read_gal(path, layer.codes);
            desc << "from " << path.filename().string();
        } else if (method == "queen" || method == "rook") {
            const double snap = ctx.option<double>("snap");
            w = spatial::contiguity_weights(layer.polygons, {spatial::parse_contiguity(method), snap}, layer.codes);
            desc << method << " contiguity (snap " << snap << " m)";
        } else if (method == "distance_band") {
            const double t = ctx.option<double>("threshold");
            w = spatial::distance_band_weights(centres, t, layer.codes);
            desc << "distance band <= " << t << " m between centroids";
        } else if (method == "knn") {
            const auto k = ctx.option<std::size_t>("k");
            w = spatial::knn_weights(centres, k, layer.codes);
            desc << k << " nearest neighbours (centroids)";
        } else {
            const double power = ctx.option<double>("power");
            const double t = ctx.has_option("threshold") ? ctx.option<double>("threshold")
                                                         : std::numeric_limits<double>::infinity();
            w = spatial::inverse_distance_weights(centres, power, t, layer.codes);
            desc << "inverse distance power " << power;
            if (std::isfinite(t))
                desc << " within " << t << " m";
        }
        auto islands = spatial::apply_island_policy(
            w, spatial::parse_island_policy(ctx.option<std::string>("islands")), centres);
        for (const auto& m : islands.messages)
            ctx.warn(m);
        out->islands = islands.islands;
        w = std::move(islands.weights);
    } catch (const core::Error& e) {
        // Readers already name the file and line; builders name the district.
        const std::string what = e.what();
        if (e.code() == core::ExitCode::input)
            ctx.fail_input(what);
        ctx.fail_data(what.rfind("weights: ", 0) == 0 ? what.substr(9) : what);
    } catch (const std::invalid_argument& e) {
        ctx.fail_data(e.what());
    }
    const auto transform = ctx.option<std::string>("transform");
    if (transform == "row") {
        w = w.row_standardised();
        desc << ", row-standardised";
    } else if (transform == "binary") {
        w = w.binarised();
        desc << ", binary";
    }
    out->description = desc.str();
    out->weights = std::move(w);
    ctx.info(out->description + ": " + std::to_string(out->weights.links()) + " links among " +
             std::to_string(out->weights.size()) + " districts");
    if (ctx.has_option("write")) {
        const auto path = ctx.path_option("write");
        if (is_gwt(path))
            spatial::write_gwt(out->weights, path, "kod");
        else
            spatial::write_gal(out->weights, path, "kod");
        ctx.manifest().record_output(path, "spatial weights (" + out->description + ")");
    }
    return out;
}

void WeightsArtifact::publish(Contribution& out, const RunSettings& /*settings*/) const
{
    std::vector<std::optional<std::int64_t>> counts;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        std::int64_t k = 0;
        for (auto j : weights.neighbours(i))
            k += j != i ? 1 : 0;
        counts.emplace_back(k);
    }
    out.district_columns(*districts, {io::Column{"neighbours", std::move(counts)}});
}

}  // namespace trygg::pipeline
