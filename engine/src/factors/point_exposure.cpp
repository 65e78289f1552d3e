// SPDX-License-Identifier: MIT
#include <trygg/factors/point_exposure.hpp>

#include <trygg/spatial/overlay.hpp>

#include <cmath>

namespace trygg::factors {

std::vector<core::Point> representative_points(const std::vector<core::MultiPolygon>& districts)
{
    return spatial::points_on_surface(districts);
}

PointExposure point_exposure(const std::vector<core::Point>& points, const std::vector<std::int32_t>& district_of,
                             const std::vector<core::MultiPolygon>& districts, double walk_distance, double decay)
{
    const auto n = districts.size();
    PointExposure out;
    out.count.assign(n, 0.0);
    out.access.assign(n, 0.0);
    for (auto d : district_of)
        if (d >= 0 && static_cast<std::size_t>(d) < n)
            out.count[d] += 1;
    const auto rep = representative_points(districts);
    for (std::size_t d = 0; d < n; ++d)
        for (const auto& p : points) {
            // Summed in point order: deterministic.
            const double dist = std::hypot(p.x - rep[d].x, p.y - rep[d].y);
            if (decay > 0)
                out.access[d] += std::exp(-dist / decay);
        }
    out.share_near = spatial::share_within_distance(districts, points, walk_distance);
    return out;
}

}  // namespace trygg::factors
