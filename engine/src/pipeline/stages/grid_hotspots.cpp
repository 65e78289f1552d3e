// SPDX-License-Identifier: MIT
// grid_hotspots: counts per grid cell and Getis–Ord Gi* with FDR, per crime group and period.
#include "grid_hotspots.hpp"

#include "hotspot_selection.hpp"
#include "option_reader.hpp"

#include <trygg/core/error.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/styles.hpp>
#include <trygg/stats/grid_gistar.hpp>
#include <trygg/stats/joint_suppression.hpp>

#include <algorithm>
#include <cmath>

namespace trygg::pipeline {

StageDescriptor GridHotspotsStage::descriptor()
{
    std::vector<OptionSpec> o{
        {"cell_size", OptionType::number, 250.0, false,
         "Cell size in metres (squares: side, aligned to SCB's SWEREF 99 TM grid; hexagons: centre spacing)"},
        {"shape", OptionType::string, "square", false, "square or hexagon"},
        {"distance", OptionType::number, 0.0, false,
         "Distance band in metres (binary weights, cell itself included); 0: automatic, the smallest band giving "
         "every interior cell 8 neighbours (√2·size for squares, √3·size for hexagons)"},
        {"k", OptionType::integer, 0, false,
         "Instead of a distance: the smallest band holding at least k neighbour cells (complete rings)"},
        {"fdr", OptionType::boolean, true, false, "Benjamini–Hochberg false discovery rate per confidence level"},
        {"suppress_below", OptionType::integer, 5, false, "Cell counts 1..n-1 are published as null"},
        {"layer", OptionType::string, "hotspots_grid", false, "Name of the output layer"},
    };
    for (auto& s : hotspot_selection_options())
        o.push_back(std::move(s));
    return {"grid_hotspots", "Getis–Ord Gi* hot and cold spots on SCB-aligned grid cells per crime group and period",
            std::move(o), {{"assigned", true, "incidents assigned to districts (the study area)"}}, "grid_hotspots"};
}

namespace {

// The options of one grid_hotspots stage, parsed and checked once (validate and run both use it).
struct GridHotspotsStageOptions {
    spatial::CellShape shape{};
    double cell_size = 250;
    double distance = 0;  // 0: automatic
    int k = 0;            // 0: use the distance
    bool fdr = true;
    int suppress_below = 5;
    std::string layer;
};

GridHotspotsStageOptions parse_grid_hotspots_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    GridHotspotsStageOptions out;
    if (!(r.number("cell_size") > 0))
        r.fail("cell_size must be a positive number of metres");
    out.cell_size = r.number("cell_size");
    try {
        out.shape = spatial::parse_cell_shape(r.string("shape"));
    } catch (const core::PipelineError& e) {
        r.fail(e.what());
    }
    if (r.negative("distance"))
        r.fail("distance must be 0 (automatic) or positive");
    out.distance = r.number("distance", 0.0);
    if (r.negative("k"))
        r.fail("k must be 0 or positive");
    out.k = r.integer<int>("k", 0, 100'000);
    if (out.k > 0 && out.distance > 0)
        r.fail("give either distance or k, not both");
    if (r.negative("suppress_below"))
        r.fail("suppress_below must be 0 or positive");
    out.suppress_below = r.integer<int>("suppress_below", 0, max_threshold);
    out.fdr = r.boolean("fdr");
    out.layer = r.string("layer");
    (void)parse_hotspot_selection_options(o, tag);
    return out;
}

}  // namespace

void GridHotspotsStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_grid_hotspots_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> GridHotspotsStage::run(StageContext& ctx) const
{
    const auto assigned = ctx.input<AssignedArtifact>(0);
    if (!assigned)
        ctx.fail_input("needs the 'assigned' artifact as input");
    const auto opts = parse_grid_hotspots_options(ctx.options(), ctx.tag());
    auto art = std::make_shared<GridHotspotsArtifact>();
    art->tag = ctx.tag();
    art->layer = opts.layer;
    art->crs = ctx.settings().crs;
    art->fdr = opts.fdr;
    art->suppress_below = ctx.settings().privacy == Privacy::internal ? 0 : opts.suppress_below;
    spatial::GridSpec spec;
    spec.shape = opts.shape;
    spec.cell_size = opts.cell_size;
    spec.scb_ids = ctx.settings().crs == "EPSG:3006";
    if (!spec.scb_ids && spec.shape == spatial::CellShape::square)
        ctx.info("working CRS is " + ctx.settings().crs + ": cells are aligned to its origin, not SCB's grid");
    try {
        art->grid = spatial::Grid::over(spec, study_area(*assigned), &ctx.cancel());
    } catch (const core::Cancelled&) {
        throw;
    } catch (const core::Error& e) {
        ctx.fail_data(e.what());
    }
    stats::GridHotspotOptions go;
    go.distance = opts.distance;
    go.k = opts.k;
    go.fdr = art->fdr;
    art->distance_rule = go.k > 0 ? "k=" + std::to_string(go.k) : (go.distance > 0 ? "given" : "automatic");

    const auto selections = select_incidents(ctx, *assigned);
    std::size_t done = 0;
    for (const auto& s : selections) {
        ctx.cancel().check();
        GridHotspotsArtifact::Surface surf;
        surf.group = s.group;
        surf.period = s.period;
        std::size_t outside = 0;
        surf.counts = spatial::count_points(art->grid, s.x, s.y, nullptr, &outside);
        if (outside > 0)  // points on district edges whose cell lies outside cannot happen; report if it does
            ctx.warn(std::to_string(outside) + " incidents of " + s.group + " " + s.period + " fell in no grid cell");
        try {
            auto r = stats::grid_gi_star(art->grid, surf.counts, go);
            art->distance = r.distance;
            surf.z = std::move(r.z);
            surf.p = std::move(r.p);
            surf.bin = std::move(r.bin);
            surf.neighbours = std::move(r.neighbours);
            surf.cutoff_90 = r.cutoff_90;
            surf.cutoff_95 = r.cutoff_95;
            surf.cutoff_99 = r.cutoff_99;
        } catch (const core::Error& e) {
            ctx.fail_data(e.what());
        }
        art->surfaces.push_back(std::move(surf));
        ctx.progress(++done, selections.size());
    }
    // Counts: one withheld mask per period, shared by every group and alla (a cell's alla
    // lies between its largest group and the groups' sum, so a count withheld in one surface
    // and published in the others could be solved for), with secondary cells so that no
    // surface's total gives a withheld count back. Each z is a linear function of the counts
    // around it, so a surface with a withheld count publishes its hot/cold classes only (z
    // and p in internal runs).
    std::vector<std::string> periods;
    for (const auto& surf : art->surfaces)
        if (std::find(periods.begin(), periods.end(), surf.period) == periods.end())
            periods.push_back(surf.period);
    for (const auto& period : periods) {
        std::vector<const std::vector<double>*> linked;
        for (const auto& surf : art->surfaces)
            if (surf.period == period)
                linked.push_back(&surf.counts);
        const auto mask = stats::withhold_jointly(linked, art->grid.cells(), art->suppress_below);
        bool any = false;
        for (std::size_t i : art->grid.cells())
            any = any || mask[i];
        for (auto& surf : art->surfaces)
            if (surf.period == period) {
                surf.withheld = mask;
                surf.z_withheld = any;
                art->surfaces_z_withheld += any ? 1 : 0;
            }
    }
    if (art->surfaces_z_withheld > 0)
        ctx.info(std::to_string(art->surfaces_z_withheld) + " of " + std::to_string(art->surfaces.size()) +
                 " surfaces have withheld counts: their z and p are not published, their hot/cold classes are");
    return art;
}

void GridHotspotsArtifact::publish(Contribution& out, const RunSettings&) const
{
    auto& t = out.table(layer, io::GeometryKind::multipolygon);
    t.crs = crs;
    t.style_qml = style_qml("gistar_grid");  // blue–white–red gi_bin classes (plugins/qgis/trygg/styles)
    t.description = "Getis–Ord Gi* on " + std::to_string(static_cast<long long>(grid.spec().cell_size)) + " m " +
                    (grid.spec().shape == spatial::CellShape::square ? "SCB-aligned squares" : "hexagons") +
                    ", band " + std::to_string(std::lround(distance)) + " m" + (fdr ? ", FDR" : "") +
                    "; gi_bin ±3/±2/±1 = 99/95/90 % confidence" +
                    (suppress_below > 1 ? "; antal null = withheld (1.." + std::to_string(suppress_below - 1) +
                                              " in any group, or a further cell so no total or group reveals "
                                              "one; one mask per period for every group and alla); gi_z and "
                                              "gi_p null in surfaces with withheld counts"
                                        : std::string("; internal run: nothing withheld"));
    std::vector<std::optional<std::string>> ids, groups, periods;
    std::vector<std::optional<std::int64_t>> counts, bins, neigh;
    std::vector<double> z, p;
    for (const auto& s : surfaces)
        for (std::size_t i : grid.cells()) {
            t.polygons.push_back({grid.polygon(i)});
            ids.emplace_back(grid.cell_id(i));
            groups.emplace_back(s.group);
            periods.emplace_back(s.period);
            const auto c = static_cast<std::int64_t>(std::llround(s.counts[i]));
            if (s.withheld[i])
                counts.emplace_back(std::nullopt);
            else
                counts.emplace_back(c);
            z.push_back(s.z_withheld ? std::nan("") : s.z[i]);
            p.push_back(s.z_withheld ? std::nan("") : s.p[i]);
            bins.emplace_back(static_cast<std::int64_t>(s.bin[i]));
            neigh.emplace_back(static_cast<std::int64_t>(s.neighbours[i]));
        }
    t.add_text("rut_id", std::move(ids));
    t.add_text("grupp", std::move(groups));
    t.add_text("period", std::move(periods));
    t.add_integer("antal", std::move(counts));
    t.add_real("gi_z", std::move(z));
    t.add_real("gi_p", std::move(p));
    t.add_integer("gi_bin", std::move(bins));
    t.add_integer("grannar", std::move(neigh));

    nlohmann::json per = nlohmann::json::array();
    for (const auto& s : surfaces) {
        int hot = 0, cold = 0;
        for (std::size_t i : grid.cells()) {
            hot += s.bin[i] >= 2;
            cold += s.bin[i] <= -2;
        }
        std::size_t withheld = 0;
        for (std::size_t i : grid.cells())
            withheld += s.withheld[i] ? 1 : 0;
        per.push_back({{"group", s.group}, {"period", s.period}, {"withheld_cells", withheld},
                       {"z_withheld", s.z_withheld}, {"p_cutoff_90", s.cutoff_90},
                       {"p_cutoff_95", s.cutoff_95}, {"p_cutoff_99", s.cutoff_99}, {"hot_cells_95", hot},
                       {"cold_cells_95", cold}});
    }
    out.manifest_section("grid_hotspots")[tag] = {
        {"layer", layer},
        {"shape", grid.spec().shape == spatial::CellShape::square ? "square" : "hexagon"},
        {"cell_size", grid.spec().cell_size},
        {"cell_id", grid.spec().shape == spatial::CellShape::hexagon ? "hex<size>_c<col>_r<row>"
                    : grid.spec().scb_ids ? "SCB rutid: lower-left easting (6 digits) + northing (7 digits), SWEREF 99 TM"
                                          : "<size>m_E<lower-left x>_N<lower-left y>"},
        {"cells", grid.cell_count()},
        {"distance_m", distance},
        {"distance_rule", distance_rule},
        {"weights", "binary, cell itself included (Gi*)"},
        {"fdr", fdr},
        {"suppress_below", suppress_below},
        {"surfaces", per}};
}

}  // namespace trygg::pipeline
