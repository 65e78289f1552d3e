// SPDX-License-Identifier: MIT
// kde: kernel density surfaces of the assigned incidents, per crime group and period.
#include "kde.hpp"

#include "hotspot_selection.hpp"
#include "kde_style.hpp"
#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/io/geotiff.hpp>
#include <trygg/spatial/grid.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trygg::pipeline {

namespace {

// Per pixel, the incidents that reach it: the uniform kernel's expected count per pixel is
// n·p²/(πh²) over exactly the stencil every kernel uses, so this counts the incidents behind
// each density value. Empty when nothing is withheld (internal runs, threshold 0 or 1).
std::vector<std::int64_t> incidents_within_radius(const stats::RasterGeometry& raster, const std::vector<double>& x,
                                                  const std::vector<double>& y, stats::KdeOptions options,
                                                  int suppress_below)
{
    std::vector<std::int64_t> n;
    if (suppress_below <= 1)
        return n;
    options.kernel = stats::Kernel::uniform;
    options.output = stats::KdeOutput::expected_count;
    const auto v = stats::kernel_density(raster, x, y, nullptr, options);
    const double per_incident = raster.pixel * raster.pixel / (std::numbers::pi * options.radius * options.radius);
    n.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        n[i] = std::llround(static_cast<double>(v[i]) / per_incident);
    return n;
}

}  // namespace

StageDescriptor KdeStage::descriptor()
{
    std::vector<OptionSpec> o{
        {"kernel", OptionType::string, "quartic", false,
         "quartic, triangular, uniform, triweight, epanechnikov or gaussian (σ = radius/3, truncated at the radius)"},
        {"radius", OptionType::number, 0.0, false,
         "Search radius in metres; 0: automatic, 0.9·min(SD, √(1/ln2)·Dm)·n^-0.2 over all selected incidents"},
        {"pixel_size", OptionType::number, 25.0, false, "Pixel size in metres (25 divides SCB's 250 m cells)"},
        {"output", OptionType::string, "density", false,
         "density (incidents per km²) or expected_count (incidents per pixel)"},
        {"extent", OptionType::string, "study_area", false,
         "study_area (districts' extent snapped to the pixel size, pixels outside the districts are nodata) "
         "or points (QGIS heatmap convention: points' extent grown by the radius; as in QGIS, a pixel no "
         "incident's radius reaches is nodata, not 0)"},
        {"incidents", OptionType::string, "in_districts", false,
         "in_districts (incidents assigned to a district) or located (every incident with coordinates, also those "
         "outside every district: a surface over the whole area the incidents cover, best with extent points)"},
        {"suppress_below", OptionType::integer, 5, false,
         "A pixel whose radius holds 1..n-1 incidents is not published (nodata); \"privacy\": \"internal\" shows it"},
    };
    for (auto& s : hotspot_selection_options())
        o.push_back(std::move(s));
    return {"kde", "Kernel density rasters (GeoTIFF) of incidents per crime group and period", std::move(o),
            {{"assigned", true, "incidents assigned to districts (the study area)"}}, "kde"};
}

namespace {

// The options of one kde stage, parsed and checked once (validate and run both use it).
struct KdeStageOptions {
    stats::Kernel kernel{};
    stats::KdeOutput output{};
    double radius = 0;  // 0: automatic
    double pixel_size = 25;
    std::string extent;
    int suppress_below = 5;
    bool located_outside = false;  // "incidents": "located"
};

KdeStageOptions parse_kde_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    KdeStageOptions out;
    try {
        out.kernel = stats::parse_kernel(r.string("kernel"));
    } catch (const core::PipelineError& e) {
        r.fail(e.what());
    }
    if (r.negative("radius"))
        r.fail("radius must be 0 (automatic) or a positive number of metres");
    out.radius = r.number("radius", 0.0);
    // A search radius beyond 100 km describes no local density (Sweden is 1,600 km long) and
    // would only make the kernel's allocation fail later.
    if (out.radius > 100000)
        r.fail("radius must be at most 100000 metres (100 km), got " + r.json("radius").dump());
    if (!(r.number("pixel_size") > 0))
        r.fail("pixel_size must be a positive number of metres");
    out.pixel_size = r.number("pixel_size");
    const auto output = r.string("output");
    if (output != "density" && output != "expected_count")
        r.fail("output must be density or expected_count, not '" + output + "'");
    out.output = output == "density" ? stats::KdeOutput::density_per_km2 : stats::KdeOutput::expected_count;
    if (r.negative("suppress_below"))
        r.fail("suppress_below must be 0 or positive");
    out.suppress_below = r.integer<int>("suppress_below", 0, max_threshold);
    out.extent = r.string("extent");
    if (out.extent != "study_area" && out.extent != "points")
        r.fail("extent must be study_area or points, not '" + out.extent + "'");
    const auto incidents = r.string("incidents");
    if (incidents != "in_districts" && incidents != "located")
        r.fail("incidents must be in_districts or located, not '" + incidents + "'");
    out.located_outside = incidents == "located";
    (void)parse_hotspot_selection_options(o, tag);
    return out;
}

}  // namespace

void KdeStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_kde_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> KdeStage::run(StageContext& ctx) const
{
    const auto assigned = ctx.input<AssignedArtifact>(0);
    if (!assigned)
        ctx.fail_input("needs the 'assigned' artifact as input");
    const auto opts = parse_kde_options(ctx.options(), ctx.tag());
    auto art = std::make_shared<KdeArtifact>();
    art->tag = ctx.tag();
    art->crs = ctx.settings().crs;
    art->options.kernel = opts.kernel;
    art->options.output = opts.output;
    art->options.threads = ctx.settings().threads;
    art->options.cancel = &ctx.cancel();
    const double pixel = opts.pixel_size;
    art->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.suppress_below;

    auto selections = select_incidents(ctx, *assigned, opts.located_outside);
    // One radius for every surface so they are comparable: given, or the automatic rule over
    // the union of the selected incidents.
    double radius = opts.radius;
    art->radius_rule = radius > 0 ? "given" : "automatic";
    core::Box points_box;
    std::vector<double> all_x, all_y;
    for (const auto& s : selections)
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            points_box.expand(core::Point{s.x[i], s.y[i]});
            if (radius <= 0) {
                all_x.push_back(s.x[i]);
                all_y.push_back(s.y[i]);
            }
        }
    if (points_box.empty())
        ctx.fail_data("no incidents in the selected groups and periods");
    if (radius <= 0) {
        radius = stats::automatic_radius(all_x, all_y);
        ctx.info("automatic radius " + std::to_string(std::lround(radius)) + " m");
    }
    art->options.radius = radius;

    const auto area = study_area(*assigned);
    art->extent_rule = opts.extent;
    art->raster = art->extent_rule == "points" ? stats::qgis_extent(points_box, radius, pixel)
                                               : stats::aligned_extent(core::bounds(area), pixel);
    if (static_cast<double>(art->raster.cols) * static_cast<double>(art->raster.rows) > 4e8)
        ctx.fail_data("raster of " + std::to_string(art->raster.cols) + " × " + std::to_string(art->raster.rows) +
                      " pixels is too large; use a larger pixel_size");

    // Pixels whose cell does not intersect the districts are nodata (study_area extent only).
    std::vector<std::uint8_t> inside;
    if (art->extent_rule == "study_area") {
        const auto& r = art->raster;
        spatial::GridSpec spec{spatial::CellShape::square, pixel, r.origin_x, r.origin_y};
        const auto grid = spatial::Grid::over(spec, area, &ctx.cancel());
        inside.resize(r.size());
        for (std::int64_t row = 0; row < r.rows; ++row) {
            if (row % 64 == 0)
                ctx.cancel().check();  // millions of pixels: answer a cancel within the loop
            for (std::int64_t col = 0; col < r.cols; ++col) {
                const core::Point c{r.origin_x + (static_cast<double>(col) + 0.5) * pixel,
                                    r.origin_y - (static_cast<double>(row) + 0.5) * pixel};
                inside[static_cast<std::size_t>(row * r.cols + col)] = grid.locate(c) >= 0;
            }
        }
    }
    // One withheld mask for every surface of the stage: per pixel alla lies between its
    // largest group and the groups' sum (and a period's surface is the sum of its parts), so
    // a pixel withheld in one surface and published in the others could be rebuilt from them.
    std::vector<char> withheld;
    std::size_t done = 0;
    for (auto& s : selections) {
        ctx.cancel().check();
        KdeArtifact::Surface surf;
        surf.group = s.group;
        surf.period = s.period;
        surf.points = s.x.size();
        surf.values = stats::kernel_density(art->raster, s.x, s.y, nullptr, art->options);
        const auto near = incidents_within_radius(art->raster, s.x, s.y, art->options, art->suppress_below);
        if (art->extent_rule == "points") {
            // QGIS's heatmap leaves a pixel nodata unless some point lies within the radius of its
            // centre; here, of the centre of the point's pixel (points are binned first).
            const auto reach = near.empty() ? incidents_within_radius(art->raster, s.x, s.y, art->options, 2) : near;
            for (std::size_t i = 0; i < reach.size(); ++i)
                if (reach[i] == 0)
                    surf.values[i] = static_cast<float>(art->nodata);
        }
        if (!near.empty() && withheld.empty())
            withheld.assign(surf.values.size(), 0);
        for (std::size_t i = 0; i < near.size(); ++i)
            if (near[i] > 0 && near[i] < art->suppress_below && (inside.empty() || inside[i]))
                withheld[i] = 1;
        const std::string prefix = art->tag == "kde" ? "kde" : "kde_" + file_token(art->tag);
        surf.file = prefix + "_" + file_token(s.group) + "_" + file_token(s.period) + ".tif";
        art->surfaces.push_back(std::move(surf));
        ctx.progress(++done, selections.size());
    }
    for (auto& surf : art->surfaces)
        for (std::size_t i = 0; i < surf.values.size(); ++i) {
            if (!inside.empty() && !inside[i]) {
                surf.values[i] = art->nodata;
            } else if (!withheld.empty() && withheld[i]) {
                if (surf.values[i] != static_cast<float>(art->nodata))  // (extent points: unreached stays so)
                    ++surf.withheld_pixels;
                surf.values[i] = art->nodata;
            } else if (surf.values[i] != static_cast<float>(art->nodata))
                surf.max_value = std::max(surf.max_value, static_cast<double>(surf.values[i]));
        }
    art->withheld_mask = std::move(withheld);
    art->options.cancel = nullptr;  // the token is the run's; the artifact outlives the stage
    return art;
}

namespace {

// Corrects one raster's row of kde_rasters and its manifest entry after the publication
// withheld further pixels (pixels already nodata in it count once: `withheld` adds to them).
void update_listing(Publication& publication, const std::string& tag, const std::string& file,
                    std::int64_t withheld, double max_value)
{
    if (auto* t = publication.find("kde_rasters")) {
        auto* files = t->table.find_mutable("fil");
        auto* counts = t->table.find_mutable("undertryckta_pixlar");
        auto* maxima = t->table.find_mutable("max");
        if (files && counts && maxima) {
            auto& f = std::get<std::vector<std::optional<std::string>>>(files->values);
            auto& c = std::get<std::vector<std::optional<std::int64_t>>>(counts->values);
            auto& m = std::get<std::vector<double>>(maxima->values);
            for (std::size_t i = 0; i < f.size(); ++i)
                if (f[i] && *f[i] == file) {
                    c[i] = c[i].value_or(0) + withheld;
                    m[i] = max_value;
                }
        }
    }
    auto& section = publication.contribution(tag).manifest_section("kde");
    if (section.contains(tag))
        for (auto& entry : section[tag]["rasters"])
            if (entry["file"] == file) {
                entry["withheld_pixels"] = entry["withheld_pixels"].get<std::int64_t>() + withheld;
                entry["max"] = max_value;
            }
}

}  // namespace

void KdeArtifact::publish(Contribution& out, const RunSettings&) const
{
    // Every kde stage lists its rasters in the one `kde_rasters` table (rows appended).
    io::FeatureTable t("kde_rasters", io::GeometryKind::none);
    const std::string unit = options.output == stats::KdeOutput::density_per_km2 ? "incidents per km²"
                                                                                  : "incidents per pixel";
    std::vector<std::optional<std::string>> files, groups, periods, kernels, units;
    std::vector<std::optional<std::int64_t>> counts, withheld;
    std::vector<double> radius, pixel, maxv;
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& s : surfaces) {
        files.emplace_back(s.file);
        groups.emplace_back(s.group);
        periods.emplace_back(s.period);
        kernels.emplace_back(stats::to_string(options.kernel));
        units.emplace_back(unit);
        counts.emplace_back(static_cast<std::int64_t>(s.points));
        withheld.emplace_back(static_cast<std::int64_t>(s.withheld_pixels));
        radius.push_back(options.radius);
        pixel.push_back(raster.pixel);
        maxv.push_back(s.max_value);
        listed.push_back({{"file", s.file}, {"group", s.group}, {"period", s.period}, {"incidents", s.points},
                          {"max", s.max_value}, {"withheld_pixels", s.withheld_pixels}});
        io::GeoRaster r;
        r.origin_x = raster.origin_x;
        r.origin_y = raster.origin_y;
        r.pixel = raster.pixel;
        r.cols = raster.cols;
        r.rows = raster.rows;
        r.crs = crs;
        r.nodata = nodata;
        r.description = "kde " + s.group + " " + s.period + " (" + unit + ")";
        r.metadata = {{"TRYGG_KERNEL", stats::to_string(options.kernel)},
                      {"TRYGG_RADIUS_M", std::to_string(options.radius)},
                      {"TRYGG_GROUP", s.group},
                      {"TRYGG_PERIOD", s.period},
                      {"TRYGG_UNIT", unit}};
        // The values are copied only when the file is written (one raster at a time); the
        // artifact outlives write.gpkg's run, which writes the publication.
        const auto* values = &s.values;
        PublishedRaster published;
        published.file = s.file;
        published.raster = r;
        published.values = values;
        published.description = "kernel density " + s.group + " " + s.period;
        if (!withheld_mask.empty()) {
            published.withheld = &withheld_mask;
            // Another kde stage on this pixel grid withholds more: count those pixels and
            // take the maximum without them, here and in the manifest.
            published.on_joint_mask = [file = s.file, values, nodata = nodata, tag = tag](
                                          Publication& publication, const std::vector<char>& joint) {
                std::int64_t withheld_pixels = 0;
                double max_value = 0;
                for (std::size_t i = 0; i < values->size(); ++i) {
                    const float v = (*values)[i];
                    if (i < joint.size() && joint[i] && v != nodata)
                        ++withheld_pixels;  // inside the study area, withheld by the union
                    else if (v != nodata)
                        max_value = std::max(max_value, static_cast<double>(v));
                }
                update_listing(publication, tag, file, withheld_pixels, max_value);
            };
        }
        const auto joint = out.raster(std::move(published));
        add_kde_style_side_file(out, s.file, values, nodata, joint);  // <name>.qml: QGIS opens it styled
    }
    t.add_text("fil", std::move(files));
    t.add_text("grupp", std::move(groups));
    t.add_text("period", std::move(periods));
    t.add_integer("antal_handelser", std::move(counts));
    t.add_text("karna", std::move(kernels));
    t.add_real("radie_m", std::move(radius));
    t.add_real("pixel_m", std::move(pixel));
    t.add_text("enhet", std::move(units));
    t.add_real("max", std::move(maxv));
    t.add_integer("undertryckta_pixlar", std::move(withheld));
    out.append_rows(t.name(), t, "Kernel density rasters written beside this GeoPackage (GeoTIFF, Float32)");

    const auto e = raster.extent();
    auto& section = out.manifest_section("kde");
    section[tag] = {{"crs", crs},
                    {"extent", {{"min_x", e.min_x}, {"min_y", e.min_y}, {"max_x", e.max_x}, {"max_y", e.max_y}}},
                    {"extent_rule", extent_rule},
                    {"cols", raster.cols},
                    {"rows", raster.rows},
                    {"pixel_size", raster.pixel},
                    {"kernel", stats::to_string(options.kernel)},
                    {"radius_m", options.radius},
                    {"radius_rule", radius_rule},
                    {"output", unit},
                    {"nodata", nodata},
                    {"suppress_below", suppress_below},
                    {"withheld", "pixels whose radius holds 1..suppress_below-1 incidents of any surface of the stage are "
                                 "nodata in every surface"},
                    {"evaluation", "points binned to pixel centres, then a kernel stencil at pixel-centre distances"},
                    {"rasters", listed}};
}

}  // namespace trygg::pipeline
