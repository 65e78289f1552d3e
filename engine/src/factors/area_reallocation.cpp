#include <trygg/factors/area_reallocation.hpp>

#include "spatial/geos_util.hpp"

#include <trygg/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace trygg::factors {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

std::vector<OverlayPiece> overlay_areas(const std::vector<core::MultiPolygon>& sources,
                                        const std::vector<core::MultiPolygon>& targets)
{
    using namespace spatial::detail;
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GeomPtr> tg;
    std::vector<const GEOSPreparedGeometry*> prepared;
    std::vector<core::Box> tbox;
    tg.reserve(targets.size());
    for (const auto& t : targets) {
        tg.push_back(to_geos(ctx, t));
        prepared.push_back(tg.back() ? GEOSPrepare_r(h, tg.back().get()) : nullptr);
        tbox.push_back(core::bounds(t));
    }
    // Targets sorted by min_x so each source scans only those that can overlap in x.
    std::vector<std::uint32_t> order(targets.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return tbox[a].min_x < tbox[b].min_x; });
    double max_width = 0;
    for (const auto& b : tbox)
        if (!b.empty())
            max_width = std::max(max_width, b.max_x - b.min_x);
    std::vector<double> starts(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        starts[k] = tbox[order[k]].min_x;

    std::vector<OverlayPiece> pieces;
    for (std::uint32_t s = 0; s < sources.size(); ++s) {
        auto sb = core::bounds(sources[s]);
        if (sb.empty())
            continue;
        auto sg = to_geos(ctx, sources[s]);
        if (!sg)
            continue;
        auto first = std::lower_bound(starts.begin(), starts.end(), sb.min_x - max_width) - starts.begin();
        for (auto k = static_cast<std::size_t>(first); k < order.size() && starts[k] <= sb.max_x; ++k) {
            const auto t = order[k];
            const auto& b = tbox[t];
            if (b.max_x < sb.min_x || b.min_y > sb.max_y || b.max_y < sb.min_y || !prepared[t])
                continue;
            if (!GEOSPreparedIntersects_r(h, prepared[t], sg.get()))
                continue;
            double a = 0;
            if (GEOSPreparedContains_r(h, prepared[t], sg.get()) == 1) {
                GEOSArea_r(h, sg.get(), &a);
            } else {
                GeomPtr inter(GEOSIntersection_r(h, tg[t].get(), sg.get()), GeomDeleter{h});
                if (!inter)
                    throw core::DataError("overlay: GEOS could not intersect source area " + std::to_string(s) +
                                          " with district " + std::to_string(t));
                GEOSArea_r(h, inter.get(), &a);
            }
            if (a > 0)
                pieces.push_back({s, t, a});
        }
    }
    for (auto* p : prepared)
        if (p)
            GEOSPreparedGeom_destroy_r(h, p);
    std::sort(pieces.begin(), pieces.end(), [](const OverlayPiece& a, const OverlayPiece& b) {
        return a.source != b.source ? a.source < b.source : a.target < b.target;
    });
    return pieces;
}

ReallocationResult reallocate(const std::vector<OverlayPiece>& pieces, const std::vector<double>& source_values,
                              ValueKind kind, const std::vector<double>& target_area,
                              const std::vector<double>& target_population)
{
    const auto nt = target_area.size();
    const bool by_population = !target_population.empty();
    auto weight = [&](const OverlayPiece& p) {
        if (!by_population)
            return p.area;
        const double pop = target_population[p.target];
        const double area = target_area[p.target];
        return std::isfinite(pop) && area > 0 ? p.area * pop / area : 0.0;
    };
    ReallocationResult out;
    out.values.assign(nt, nan);
    out.coverage.assign(nt, 0.0);
    std::vector<double> source_weight(source_values.size(), 0.0);
    for (const auto& p : pieces)
        source_weight[p.source] += weight(p);
    std::vector<double> num(nt, 0.0), den(nt, 0.0);
    std::vector<char> touched(nt, 0);
    // Pieces are in (source, target) order, so sums are in a fixed order.
    for (const auto& p : pieces) {
        const double v = source_values[p.source];
        if (!std::isfinite(v))
            continue;
        const double w = weight(p);
        out.coverage[p.target] += p.area / target_area[p.target];
        touched[p.target] = 1;
        if (kind == ValueKind::count) {
            if (source_weight[p.source] > 0)
                num[p.target] += v * w / source_weight[p.source];
        } else {
            num[p.target] += v * w;
            den[p.target] += w;
        }
    }
    for (std::size_t t = 0; t < nt; ++t) {
        out.coverage[t] = std::min(1.0, out.coverage[t]);
        if (!touched[t])
            continue;
        if (kind == ValueKind::count)
            out.values[t] = num[t];
        else if (den[t] > 0)
            out.values[t] = num[t] / den[t];
    }
    return out;
}

}  // namespace trygg::factors
