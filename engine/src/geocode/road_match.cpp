// SPDX-License-Identifier: MIT
#include "geocode/road_match.hpp"

#include "geocode/road_mention.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace trygg::geocode::detail {

namespace {

using Locator = RoadMention::Locator;

double distance(const core::Point& a, const core::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Points along the roads every `step` metres (and every vertex).
std::vector<core::Point> sample(const Gazetteer& g, const std::vector<std::uint32_t>& roads, double step)
{
    std::vector<core::Point> out;
    for (auto i : roads)
        for (const auto& part : g.roads()[i].parts) {
            if (part.size() == 1)
                out.push_back(part.front());
            for (std::size_t k = 0; k + 1 < part.size(); ++k) {
                const auto& a = part[k];
                const auto& b = part[k + 1];
                const double len = distance(a, b);
                const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
                for (int s = 0; s < n; ++s) {
                    const double t = static_cast<double>(s) / n;
                    out.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
                }
                if (k + 2 == part.size())
                    out.push_back(b);
            }
        }
    return out;
}

bool in_direction(const core::Point& from, const core::Point& p, Locator dir)
{
    if (dir == Locator::near || dir == Locator::none)
        return true;
    const double dx = p.x - from.x, dy = p.y - from.y;
    const double d = std::hypot(dx, dy);
    if (d == 0)
        return false;
    double ux = 0, uy = 0;
    switch (dir) {
    case Locator::north: uy = 1; break;
    case Locator::south: uy = -1; break;
    case Locator::east: ux = 1; break;
    case Locator::west: ux = -1; break;
    default: break;
    }
    return (dx * ux + dy * uy) / d >= std::cos(67.5 * M_PI / 180.0);
}

std::string metres(double d)
{
    char buf[32];
    if (d >= 1000)
        std::snprintf(buf, sizeof buf, "%.1f km", d / 1000);
    else
        std::snprintf(buf, sizeof buf, "%.0f m", d);
    return buf;
}

// The place a locator or interchange names: the best place or district, else a street.
std::optional<Candidate> place_of(const Matcher& m, const GazetteerIndex& idx, const std::vector<std::string>& keys)
{
    for (const auto& key : keys) {
        if (key.size() < 3)
            continue;
        auto places = m.place_candidates(key);
        if (!places.empty())
            return *std::min_element(places.begin(), places.end(),
                                     [](const Candidate& a, const Candidate& b) { return a.type < b.type; });
        if (auto it = idx.street_by_key.find(key); it != idx.street_by_key.end())
            return m.street_candidate(idx.streets[it->second.front()]);
    }
    return std::nullopt;
}

// The road point nearest `at` (in the direction written) and the length of road that fits.
std::optional<std::pair<core::Point, double>> nearest_fit(const std::vector<core::Point>& pts, const Candidate& at,
                                                          Locator dir)
{
    const core::Point* best = nullptr;
    double dmin = INFINITY;
    for (const auto& p : pts)
        if (in_direction(at.point, p, dir))
            if (double d = distance(p, at.point); d < dmin) {
                dmin = d;
                best = &p;
            }
    if (!best)
        return std::nullopt;
    const double slack = std::max(500.0, dmin / 2);
    double reach = 0;
    for (const auto& p : pts)
        if (in_direction(at.point, p, dir) && distance(p, at.point) <= dmin + slack)
            reach = std::max(reach, distance(p, *best));
    return std::pair{*best, std::max(reach, 50.0) + at.radius};
}

}  // namespace

std::optional<GeocodeResult> match_road(const Matcher& m, const Gazetteer& g, std::string_view text,
                                        const std::string& note)
{
    const auto& idx = g.index();
    if (g.roads().empty())
        return std::nullopt;
    auto mention = find_road_mention(tokenize(text));
    if (!mention.any())
        return std::nullopt;
    std::vector<std::uint32_t> roads;
    if (!mention.ref_key.empty())
        if (auto it = idx.road_by_ref.find(mention.ref_key); it != idx.road_by_ref.end())
            roads = it->second;
    GeocodeResult r;
    r.reason = note;
    auto placed = [&](const core::Point& p, double uncertainty, std::string label, std::uint32_t source,
                      std::int64_t feature) {
        r.type = MatchType::road;
        r.point = p;
        r.uncertainty_m = uncertainty;
        r.score = base_score(MatchType::road);
        r.matched = std::move(label);
        r.source = source < g.sources().size() ? g.sources()[source] : std::string();
        r.feature = feature;
        return r;
    };
    // An interchange: its own node in the road layer, else the road point nearest its namesake.
    if (!mention.interchange.empty()) {
        if (auto it = idx.road_by_name.find(name_key(mention.interchange)); it != idx.road_by_name.end()) {
            const auto& road = g.roads()[it->second.front()];
            core::Point c{0, 0};
            std::size_t n = 0;
            for (const auto& part : road.parts)
                for (const auto& p : part) {
                    c.x += p.x;
                    c.y += p.y;
                    ++n;
                }
            c.x /= static_cast<double>(n);
            c.y /= static_cast<double>(n);
            return placed(c, 150.0, road.name, road.source, road.feature);
        }
        if (auto at = place_of(m, idx, mention.interchange_place_keys)) {
            std::vector<std::uint32_t> all = roads;
            if (all.empty())
                for (std::uint32_t i = 0; i < g.roads().size(); ++i)
                    all.push_back(i);
            if (auto fit = nearest_fit(sample(g, all, 25.0), *at, Locator::near))
                return placed(fit->first, std::max(fit->second, 300.0),
                              mention.interchange + " (road point nearest " + at->label + ")",
                              g.roads()[all.front()].source, -1);
        }
    }
    if (roads.empty())
        return std::nullopt;  // a road number the layer does not have: the cascade goes on
    const auto& first = g.roads()[roads.front()];
    if (mention.locator != Locator::none) {
        if (auto at = place_of(m, idx, {name_key(mention.place)})) {
            if (auto fit = nearest_fit(sample(g, roads, 25.0), *at, mention.locator))
                return placed(fit->first, fit->second, first.ref + " " + mention.locator_text, first.source, -1);
            GeocodeResult u;
            u.reason = "road " + mention.ref_text + " does not pass " + mention.locator_text;
            return u;
        }
    }
    // No usable locator: the whole road fits.
    auto pts = sample(g, roads, 100.0);
    double extent = 0;
    for (std::size_t i = 0; i < pts.size(); i += 10)
        for (std::size_t k = i + 10; k < pts.size(); k += 10)
            extent = std::max(extent, distance(pts[i], pts[k]));
    GeocodeResult u;
    u.reason = "road without a locator: " + mention.ref_text + " runs " + metres(extent) +
               (mention.locator == Locator::none ? "" : " (the place '" + mention.locator_text + "' is not known)");
    return u;
}

}  // namespace trygg::geocode::detail
