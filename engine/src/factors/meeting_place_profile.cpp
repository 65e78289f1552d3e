// SPDX-License-Identifier: MIT
#include <trygg/factors/meeting_place_profile.hpp>

#include <cmath>
#include <unordered_map>

namespace trygg::factors {

int weekday_of(core::Minutes t)
{
    const auto days = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
    return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

std::vector<PlaceProfile> meeting_place_profile(const std::vector<core::Point>& places, const std::vector<double>& x,
                                                const std::vector<double>& y, const std::vector<core::Minutes>& time,
                                                const std::vector<std::uint8_t>& has_clock, double radius,
                                                double ring_outer)
{
    std::vector<PlaceProfile> out(places.size());
    if (places.empty() || !(radius > 0) || !(ring_outer > radius))
        return out;
    // Uniform grid of incidents with cells of the ring's outer radius.
    const double cell = ring_outer;
    auto key = [&](double px, double py) {
        const auto i = static_cast<std::int64_t>(std::floor(px / cell));
        const auto j = static_cast<std::int64_t>(std::floor(py / cell));
        return (i << 32) ^ (j & 0xffffffff);
    };
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid;
    for (std::size_t k = 0; k < x.size(); ++k)
        if (std::isfinite(x[k]) && std::isfinite(y[k]))
            grid[key(x[k], y[k])].push_back(static_cast<std::uint32_t>(k));
    const double r2 = radius * radius, R2 = ring_outer * ring_outer;
    for (std::size_t p = 0; p < places.size(); ++p) {
        auto& pr = out[p];
        const auto& c = places[p];
        if (!std::isfinite(c.x) || !std::isfinite(c.y))
            continue;
        const auto ci = static_cast<std::int64_t>(std::floor(c.x / cell));
        const auto cj = static_cast<std::int64_t>(std::floor(c.y / cell));
        for (auto i = ci - 1; i <= ci + 1; ++i)
            for (auto j = cj - 1; j <= cj + 1; ++j) {
                auto it = grid.find((i << 32) ^ (j & 0xffffffff));
                if (it == grid.end())
                    continue;
                for (auto k : it->second) {
                    const double d2 = (x[k] - c.x) * (x[k] - c.x) + (y[k] - c.y) * (y[k] - c.y);
                    if (d2 <= r2) {
                        pr.observed += 1;
                        if (k < time.size() && time[k] != core::no_time) {
                            pr.weekday[static_cast<std::size_t>(weekday_of(time[k]))] += 1;
                            if (k < has_clock.size() && has_clock[k]) {
                                const auto minute = ((time[k] % 1440) + 1440) % 1440;
                                pr.hour[static_cast<std::size_t>(minute / 60)] += 1;
                            }
                        }
                    } else if (d2 <= R2) {
                        pr.ring += 1;
                    }
                }
            }
        pr.expected = pr.ring * r2 / (R2 - r2);
    }
    return out;
}

}  // namespace trygg::factors
