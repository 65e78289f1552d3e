// SPDX-License-Identifier: MIT
#include "geocode/fuzzy_street.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace trygg::geocode::detail {

namespace {

double distance(const core::Point& a, const core::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Centroid and largest distance from it: every point of the set (and of its convex hull) lies
// within radius of the centroid, so distance-to-centroid + radius bounds the distance to any.
AreaCentroid area_of(const std::vector<core::Point>& pts)
{
    AreaCentroid a;
    if (pts.empty())
        return a;
    for (const auto& p : pts) {
        a.point.x += p.x;
        a.point.y += p.y;
    }
    a.point.x /= static_cast<double>(pts.size());
    a.point.y /= static_cast<double>(pts.size());
    for (const auto& p : pts)
        a.radius_m = std::max(a.radius_m, distance(p, a.point));
    a.count = static_cast<std::uint32_t>(pts.size());
    return a;
}

constexpr const char* directions[] = {"nordostra", "nordvastra", "sydostra", "sydvastra", "norra",
                                      "sodra",     "ostra",      "vastra",   "ovre",      "nedre"};

const char* direction_of(const std::string& key)
{
    for (const char* d : directions)
        if (key.rfind(d, 0) == 0)
            return d;
    return nullptr;
}

}  // namespace

bool differs_in_direction(const std::string& key, const std::string& candidate)
{
    const char* a = direction_of(key);
    const char* b = direction_of(candidate);
    // Only both: a misspelt direction ("Nora Kyrkgatan") is still a typo of "Norra Kyrkgatan".
    return a && b && a != b;
}

bool is_direction_word(const Token& t)
{
    if (t.kind != Token::Kind::word)
        return false;
    auto key = word_key(t.text);
    for (const char* d : directions)
        if (key == d)
            return true;
    return key == "na" || key == "sa" || key == "oa" || key == "va";  // N:a, S:a, Ö:a, V:a
}

bool is_street_like(const Token& t)
{
    if (t.kind != Token::Kind::word)
        return false;
    const auto key = word_key(t.text);
    for (std::string_view suffix : {"gatan", "vagen", "grand", "granden", "stigen", "allen", "leden", "gangen", "slingan"})
        if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

void index_reach_areas(const std::vector<AddressPoint>& addresses, const std::vector<NamedPlace>& places,
                       GazetteerIndex& idx)
{
    std::unordered_map<std::string, std::vector<core::Point>> by_town;
    std::vector<core::Point> all;
    all.reserve(addresses.size() + places.size());
    for (const auto& a : addresses) {
        all.push_back(a.point);
        if (!a.town.empty())
            by_town[name_key(a.town)].push_back(a.point);
    }
    for (const auto& p : places) {
        // A named area's edge, not only its point, belongs to the gazetteer's area.
        all.push_back({p.point.x - p.radius_m, p.point.y});
        all.push_back({p.point.x + p.radius_m, p.point.y});
        all.push_back({p.point.x, p.point.y - p.radius_m});
        all.push_back({p.point.x, p.point.y + p.radius_m});
    }
    for (const auto& [key, pts] : by_town)
        idx.town_areas[key] = area_of(pts);
    idx.whole_area = area_of(all);
}

double fuzzy_reach(const GazetteerIndex& idx, const core::Point& p, const ParsedAddress& a)
{
    const AreaCentroid* area = &idx.whole_area;
    if (auto it = idx.postcodes.find(a.postcode); !a.postcode.empty() && it != idx.postcodes.end())
        area = &it->second;
    else if (auto t = idx.town_areas.find(name_key(a.town)); !a.town.empty() && t != idx.town_areas.end())
        area = &t->second;
    return distance(p, area->point) + area->radius_m;
}

void make_fuzzy(Candidate& c, const GazetteerIndex& idx, const ParsedAddress& a)
{
    c.underlying = c.type;
    c.type = MatchType::street_fuzzy;
    c.uncertainty = std::max(c.uncertainty, fuzzy_reach(idx, c.point, a));
    c.radius = std::max(c.radius, c.uncertainty);
}

}  // namespace trygg::geocode::detail
