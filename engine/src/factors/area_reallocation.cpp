// SPDX-License-Identifier: MIT
#include <trygg/factors/area_reallocation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace trygg::factors {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
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
