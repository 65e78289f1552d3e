// SPDX-License-Identifier: MIT
#include "weights.hpp"

#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/spatial/weights_contiguity.hpp>
#include <trygg/spatial/weights_distance.hpp>
#include <trygg/spatial/weights_file.hpp>
#include <trygg/spatial/weights_islands.hpp>

#include <optional>
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

namespace {

// The options of one weights stage, parsed and checked once (validate and run both use it).
struct WeightsStageOptions {
    std::string method;
    double snap = 0;
    std::optional<double> threshold;
    std::size_t k = 6;
    double power = 1;
    std::string transform;
    spatial::IslandPolicy islands{};
};

WeightsStageOptions parse_weights_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    WeightsStageOptions out;
    out.method = r.string("method");
    const auto& method = out.method;
    if (method != "queen" && method != "rook" && method != "distance_band" && method != "knn" &&
        method != "inverse_distance")
        r.fail("unknown method '" + method + "' (expected " + methods + ")");
    if (method == "distance_band" && !r.has("threshold"))
        r.fail("method distance_band needs \"threshold\" (metres)");
    if (r.has("threshold") && !(r.number("threshold") > 0.0))
        r.fail("\"threshold\" must be positive");
    if (r.has("threshold"))
        out.threshold = r.number("threshold");
    if (r.negative("snap"))
        r.fail("\"snap\" must not be negative");
    out.snap = r.number("snap", 0.0);
    if (r.negative("k") || (r.json("k").is_number_integer() && r.json("k").get<std::int64_t>() == 0))
        r.fail("\"k\" must be at least 1");
    out.k = r.integer<std::size_t>("k", 1, max_count_option);
    if (!(r.number("power") > 0.0))
        r.fail("\"power\" must be positive");
    out.power = r.number("power");
    out.transform = r.string("transform");
    if (out.transform != "row" && out.transform != "binary" && out.transform != "none")
        r.fail("unknown transform '" + out.transform + "' (expected row, binary or none)");
    try {
        out.islands = spatial::parse_island_policy(r.string("islands"));
    } catch (const std::invalid_argument& e) {
        r.fail(e.what());
    }
    return out;
}

}  // namespace

void WeightsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_weights_options(o, ctx.tag);
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
    const auto opts = parse_weights_options(ctx.options(), ctx.tag());
    const auto& layer = districts->layer;
    auto out = std::make_shared<WeightsArtifact>();
    out->districts = districts;
    const auto& method = opts.method;
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
            const double snap = opts.snap;
            w = spatial::contiguity_weights(layer.polygons, {spatial::parse_contiguity(method), snap}, layer.codes);
            desc << method << " contiguity (snap " << snap << " m)";
        } else if (method == "distance_band") {
            const double t = *opts.threshold;
            w = spatial::distance_band_weights(centres, t, layer.codes);
            desc << "distance band <= " << t << " m between centroids";
        } else if (method == "knn") {
            const auto k = opts.k;
            w = spatial::knn_weights(centres, k, layer.codes);
            desc << k << " nearest neighbours (centroids)";
        } else {
            const double power = opts.power;
            const double t = opts.threshold.value_or(std::numeric_limits<double>::infinity());
            w = spatial::inverse_distance_weights(centres, power, t, layer.codes);
            desc << "inverse distance power " << power;
            if (std::isfinite(t))
                desc << " within " << t << " m";
        }
        auto islands = spatial::apply_island_policy(w, opts.islands, centres);
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
    const auto& transform = opts.transform;
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
