// SPDX-License-Identifier: MIT
#include <trygg/crs/working_crs.hpp>

#include <proj.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace trygg::crs {

namespace {

struct Context {
    PJ_CONTEXT* ctx = proj_context_create();
    ~Context() { proj_context_destroy(ctx); }
};
struct PjDeleter {
    PJ_CONTEXT* ctx;
    void operator()(PJ* p) const { proj_destroy(p); }
};
using Pj = std::unique_ptr<PJ, PjDeleter>;

const char* const suggestion = "; use a projected CRS in metres such as \"EPSG:3006\" (SWEREF99 TM)";

}  // namespace

std::optional<std::string> working_crs_problem(const std::string& def)
{
    Context c;
    Pj crs(proj_create(c.ctx, def.c_str()), PjDeleter{c.ctx});
    if (!crs)
        return "unknown CRS '" + def + "'";
    const char* raw_name = proj_get_name(crs.get());
    const std::string label = "the working CRS '" + def + "'" + (raw_name && def != raw_name ? std::string(" (") + raw_name + ")" : "");
    // The horizontal part decides: a bound CRS's source, a compound CRS's first component.
    if (proj_get_type(crs.get()) == PJ_TYPE_BOUND_CRS)
        crs.reset(proj_get_source_crs(c.ctx, crs.get()));
    if (crs && proj_get_type(crs.get()) == PJ_TYPE_COMPOUND_CRS)
        crs.reset(proj_crs_get_sub_crs(c.ctx, crs.get(), 0));
    if (!crs)
        return label + " has no horizontal part" + suggestion;
    const auto type = proj_get_type(crs.get());
    if (type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS)
        return label + " is geographic (degrees): areas and distances would be in degrees" + suggestion;
    if (type != PJ_TYPE_PROJECTED_CRS)
        return label + " is not a projected CRS" + suggestion;
    Pj cs(proj_crs_get_coordinate_system(c.ctx, crs.get()), PjDeleter{c.ctx});
    if (!cs)
        return label + " has no coordinate system" + suggestion;
    const int axes = proj_cs_get_axis_count(c.ctx, cs.get());
    for (int i = 0; i < axes && i < 2; ++i) {
        double factor = 0;
        const char* unit = nullptr;
        if (!proj_cs_get_axis_info(c.ctx, cs.get(), i, nullptr, nullptr, nullptr, &factor, &unit, nullptr, nullptr))
            return label + ": its axis units cannot be read" + suggestion;
        if (std::abs(factor - 1.0) > 1e-12) {
            char m[64];
            std::snprintf(m, sizeof m, "%.10g", factor);
            return label + " is in " + (unit ? unit : "an unknown unit") + " (1 unit = " + m +
                   " m), not metres: areas, distances and KDE radii would be wrong" + suggestion;
        }
    }
    return std::nullopt;
}

}  // namespace trygg::crs
