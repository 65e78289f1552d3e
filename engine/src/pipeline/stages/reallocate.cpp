// SPDX-License-Identifier: MIT
// reallocate: a table keyed by another area system (DeSO, RegSO, survey areas) moved onto the
// analysis districts by area- or population-weighted polygon overlay.
#include "factors_stages.hpp"
#include "option_reader.hpp"

#include <trygg/core/area_table.hpp>
#include <trygg/core/error.hpp>
#include <trygg/factors/area_reallocation.hpp>
#include <trygg/pipeline/publication.hpp>
#include <trygg/pipeline/artifacts.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace trygg::pipeline {

namespace {

std::string format_number(double v)
{
    if (!std::isfinite(v))
        return "";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

void ReallocatedArtifact::publish(Contribution& out, const RunSettings&) const
{
    out.area_table("omfordelning_" + tag, table, "Reallocated by overlay: " + table.source);
    // What the clip to the districts' union dropped (a survey layer reaching past the
    // municipal boundary): the source areas' area outside the districts.
    out.manifest_section("omfordelning")[tag] = {{"source_areas", clip.source_areas},
                                                 {"partly_outside", clip.partly_outside},
                                                 {"wholly_outside", clip.wholly_outside},
                                                 {"outside_area_share", clip.outside_area_share},
                                                 {"rule", "shares are weighted means over the part inside the "
                                                          "districts; counts go wholly to the districts overlapped"}};
}

StageDescriptor ReallocateStage::descriptor()
{
    return {"reallocate",
            "Move a table keyed by another area system (DeSO, RegSO, survey areas) onto the analysis districts by "
            "area- or population-weighted overlay; reports the share of each district covered (column 'tackning'). "
            "Name the inputs in order: \"inputs\": [table, source areas, districts, population table]",
            {{"columns", OptionType::object, nullptr, true,
              "Columns to move and how: {\"column\": \"count\" | \"share\"}. Counts are split over the districts in "
              "proportion to the overlay weights (district sum = source total); shares become weighted means"},
             {"weight", OptionType::string, "area", false,
              "area (weight = intersection area) or population (intersection area × the district's population "
              "density; needs the population table input)"},
             {"population", OptionType::string, "", false,
              "Population column of the population table (keyed by analysis district code)"}},
            {{"table", true, "the table to move, keyed by the source area code"},
             {"districts", true, "the source areas (polygons whose codes key the table), e.g. RegSO"},
             {"districts", true, "the analysis districts to move the table onto, e.g. DeSO or delområden"},
             {"table", false, "population per analysis district (for \"weight\": \"population\")"}},
            "table"};
}

namespace {

// The options of one reallocate stage, parsed and checked once (validate and run both use it).
struct ReallocateOptions {
    std::vector<std::pair<std::string, std::string>> columns;  // name, "count" | "share" (JSON key order)
    bool by_population = false;
    std::string population;
};

ReallocateOptions parse_reallocate_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    ReallocateOptions out;
    if (!r.json("columns").is_object() || r.json("columns").empty())
        r.fail("\"columns\" must be an object {\"column\": \"count\"|\"share\"}");
    for (const auto& [k, v] : r.json("columns").items()) {
        if (!v.is_string() || (v != "count" && v != "share"))
            r.fail("\"columns\": '" + k + "' must be \"count\" or \"share\"");
        out.columns.emplace_back(k, v.get<std::string>());
    }
    const auto w = r.string("weight");
    if (w != "area" && w != "population")
        r.fail("\"weight\" must be \"area\" or \"population\", not '" + w + "'");
    out.by_population = w == "population";
    out.population = r.string("population");
    if (out.by_population && out.population.empty())
        r.fail("\"weight\": \"population\" needs \"population\": the population column");
    return out;
}

// Per source polygon, the table's row keyed by its code (-1: none); a key twice is an error.
std::vector<int> rows_by_source(const StageContext& ctx, const core::AreaTable& table, const core::DistrictLayer& src)
{
    const CodeIndex src_index(src);
    std::vector<int> row_of(src.size(), -1);
    std::size_t unknown = 0;
    std::string unknown_example;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const int s = src_index(table.key(r));
        if (s < 0) {
            if (unknown++ == 0)
                unknown_example = table.key(r);
            continue;
        }
        if (row_of[s] >= 0)
            ctx.fail_data("'" + table.source + "' row " + std::to_string(table.source_rows[r]) + ": key '" +
                          table.key(r) + "' appears twice");
        row_of[s] = static_cast<int>(r);
    }
    if (unknown)
        ctx.warn(std::to_string(unknown) + " rows of '" + table.source + "' have a key that is not a code in '" +
                 src.source + "' (e.g. '" + unknown_example + "'); ignored");
    return row_of;
}

// Population per analysis district (NaN where unknown) for population weights.
std::vector<double> target_population(const StageContext& ctx, const std::string& column, const TableArtifact* pop_in,
                                      const core::DistrictLayer& tgt)
{
    if (!pop_in)
        ctx.fail_input("\"weight\": \"population\" needs a population table as the fourth input");
    const CodeIndex tgt_index(tgt);
    const auto& pt = pop_in->table;
    const int c = pt.column_index(column);
    if (c < 0)
        ctx.fail_input("field '" + column + "' not found in '" + pt.source + "'");
    std::vector<double> target_pop(tgt.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < pt.rows.size(); ++r) {
        const int t = tgt_index(pt.key(r));
        if (t >= 0)
            target_pop[t] = core::parse_number(pt.rows[r][c]).value_or(std::numeric_limits<double>::quiet_NaN());
    }
    std::size_t missing = 0;
    for (double p : target_pop)
        missing += !std::isfinite(p);
    if (missing)
        ctx.warn(std::to_string(missing) + " districts have no population in '" + pt.source +
                 "'; they get no weight");
    return target_pop;
}

}  // namespace

void ReallocateStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    (void)parse_reallocate_options(o, ctx.tag);
}

std::shared_ptr<const Artifact> ReallocateStage::run(StageContext& ctx) const
{
    const auto table_in = ctx.input<TableArtifact>(0);
    const auto source_in = ctx.input<DistrictsArtifact>(1);
    const auto target_in = ctx.input<DistrictsArtifact>(2);
    const auto pop_in = ctx.input<TableArtifact>(3);
    const auto opts = parse_reallocate_options(ctx.options(), ctx.tag());
    const auto& table = table_in->table;
    const auto& src = source_in->layer;
    const auto& tgt = target_in->layer;
    if (src.crs != tgt.crs)
        ctx.fail_input("the source areas ('" + src.source + "', " + src.crs + ") and the districts ('" + tgt.source +
                       "', " + tgt.crs + ") are in different working CRSs");

    // Source values per source polygon, by the table's key.
    const auto row_of = rows_by_source(ctx, table, src);
    std::vector<double> target_area(tgt.size()), target_pop;
    for (std::size_t t = 0; t < tgt.size(); ++t)
        target_area[t] = tgt.area_km2[t] * 1e6;
    const bool by_population = opts.by_population;
    if (by_population)
        target_pop = target_population(ctx, opts.population, pop_in.get(), tgt);

    const auto pieces = factors::overlay_areas(src.polygons, tgt.polygons);
    std::vector<double> covered_src(src.size(), 0.0);
    for (const auto& p : pieces)
        covered_src[p.source] += p.area;
    std::size_t partly = 0;
    for (std::size_t s = 0; s < src.size(); ++s)
        if (row_of[s] >= 0 && covered_src[s] < 0.98 * src.area_km2[s] * 1e6)
            ++partly;
    // The clip: how much of the source areas (with a row) lies outside the districts' union.
    ReallocatedArtifact::ClipReport clip;
    double src_area = 0, outside = 0;
    for (std::size_t s = 0; s < src.size(); ++s) {
        if (row_of[s] < 0)
            continue;
        const double a = src.area_km2[s] * 1e6;
        const double out_s = std::max(0.0, a - covered_src[s]);
        ++clip.source_areas;
        src_area += a;
        outside += out_s;
        if (covered_src[s] <= 0)
            ++clip.wholly_outside;
        else if (out_s > 1e-6 * a)
            ++clip.partly_outside;
    }
    clip.outside_area_share = src_area > 0 ? outside / src_area : 0.0;
    if (clip.partly_outside || clip.wholly_outside) {
        char pct[32];
        std::snprintf(pct, sizeof pct, "%.1f", 100.0 * clip.outside_area_share);
        ctx.info("clipped to the districts: " + std::string(pct) + " % of the area of '" + src.source +
                 "' lies outside them and is dropped (" + std::to_string(clip.partly_outside) + " of " +
                 std::to_string(clip.source_areas) + " areas partly outside, " +
                 std::to_string(clip.wholly_outside) + " wholly)");
    }
    if (partly)
        ctx.warn(std::to_string(partly) + " source areas lie more than 2 % outside the districts; their counts go "
                 "wholly to the districts they overlap");

    auto artifact = std::make_shared<ReallocatedArtifact>();
    artifact->tag = ctx.tag();
    artifact->clip = clip;
    artifact->source_table = table_in;
    auto& out = artifact->table;
    out.source = table.source + " (reallocated from " + src.source + " to " + tgt.source + ")";
    out.title = table.title;
    out.key_column = "kod";
    out.columns = {"kod"};
    out.rows.assign(tgt.size(), {});
    for (std::size_t t = 0; t < tgt.size(); ++t) {
        out.rows[t].push_back(tgt.codes[t]);
        out.source_rows.push_back(t + 1);
    }
    std::vector<double> min_cov(tgt.size(), 1.0);
    for (const auto& [name, how] : opts.columns) {
        const int c = table.column_index(name);
        if (c < 0) {
            std::string cols;
            for (const auto& cc : table.columns)
                cols += (cols.empty() ? "" : ", ") + cc;
            ctx.fail_input("field '" + name + "' not found in '" + table.source + "' (the fields are: " + cols + ")");
        }
        std::vector<double> values(src.size(), std::numeric_limits<double>::quiet_NaN());
        double source_total = 0;
        for (std::size_t s = 0; s < src.size(); ++s)
            if (row_of[s] >= 0)
                if (auto v = core::parse_number(table.rows[row_of[s]][c])) {
                    values[s] = *v;
                    source_total += covered_src[s] > 0 ? *v : 0.0;
                }
        const auto kind = how == "count" ? factors::ValueKind::count : factors::ValueKind::share;
        const auto res = factors::reallocate(pieces, values, kind, target_area, target_pop);
        out.columns.push_back(name);
        artifact->kinds.push_back(how);
        double total = 0;
        for (std::size_t t = 0; t < tgt.size(); ++t) {
            out.rows[t].push_back(format_number(res.values[t]));
            min_cov[t] = std::min(min_cov[t], res.coverage[t]);
            if (std::isfinite(res.values[t]))
                total += res.values[t];
        }
        if (kind == factors::ValueKind::count)
            ctx.info("'" + name + "': source total " + format_number(source_total) + ", reallocated total " +
                     format_number(total));
    }
    out.columns.push_back("tackning");
    std::size_t uncovered = 0;
    for (std::size_t t = 0; t < tgt.size(); ++t) {
        out.rows[t].push_back(format_number(min_cov[t]));
        uncovered += min_cov[t] < 0.5;
    }
    if (uncovered)
        ctx.warn(std::to_string(uncovered) + " districts are less than half covered by '" + table.source + "'");
    ctx.info(std::to_string(pieces.size()) + " overlay pieces, " + std::to_string(tgt.size()) + " districts (" +
             (by_population ? "population" : "area") + " weighted)");
    return artifact;
}

}  // namespace trygg::pipeline
