// SPDX-License-Identifier: MIT
#include <trygg/core/text.hpp>
#include <trygg/geocode/gazetteer.hpp>
#include <trygg/geocode/normalize.hpp>
#include <trygg/geocode/roads.hpp>

#include "geocode/edit_distance.hpp"
#include "geocode/gazetteer_index.hpp"
#include "geocode/fuzzy_street.hpp"
#include "geocode/road_match.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace trygg::geocode {

namespace detail {
std::uint64_t hash_key(std::string_view s)
{
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: stable across runs and platforms
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
}  // namespace detail

namespace {

using detail::GazetteerIndex;
using detail::StreetGroup;

double distance(const core::Point& a, const core::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Connected components of points at most `link` metres apart (grid cells of that size).
std::vector<std::vector<std::uint32_t>> spatial_clusters(const std::vector<AddressPoint>& all,
                                                         const std::vector<std::uint32_t>& ids, double link)
{
    std::vector<std::uint32_t> parent(ids.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    };
    std::map<std::pair<long, long>, std::vector<std::uint32_t>> cells;
    for (std::uint32_t k = 0; k < ids.size(); ++k) {
        const auto& p = all[ids[k]].point;
        cells[{static_cast<long>(std::floor(p.x / link)), static_cast<long>(std::floor(p.y / link))}].push_back(k);
    }
    for (const auto& [cell, members] : cells)
        for (long dx = -1; dx <= 1; ++dx)
            for (long dy = -1; dy <= 1; ++dy) {
                auto it = cells.find({cell.first + dx, cell.second + dy});
                if (it == cells.end())
                    continue;
                for (auto a : members)
                    for (auto b : it->second)
                        if (find(a) != find(b) && distance(all[ids[a]].point, all[ids[b]].point) <= link)
                            parent[find(a)] = find(b);
            }
    std::map<std::uint32_t, std::vector<std::uint32_t>> groups;
    for (std::uint32_t k = 0; k < ids.size(); ++k)
        groups[find(k)].push_back(ids[k]);
    std::vector<std::vector<std::uint32_t>> out;
    for (auto& [root, members] : groups)
        out.push_back(std::move(members));
    return out;
}

void finish_area(detail::AreaCentroid& a, const std::vector<core::Point>& pts)
{
    core::Point c{0, 0};
    for (const auto& p : pts) {
        c.x += p.x;
        c.y += p.y;
    }
    c.x /= static_cast<double>(pts.size());
    c.y /= static_cast<double>(pts.size());
    a.point = c;
    a.count = static_cast<std::uint32_t>(pts.size());
    a.radius_m = 0;
    for (const auto& p : pts)
        a.radius_m = std::max(a.radius_m, distance(p, c));
}

bool starts_with_direction(const std::string& folded, std::string& rest)
{
    static const char* prefixes[] = {"nordöstra ", "nordvästra ", "sydöstra ", "sydvästra ", "norra ",
                                     "södra ",     "östra ",      "västra ",   "övre ",     "nedre "};
    for (const char* p : prefixes) {
        std::string_view pv(p);
        if (folded.size() > pv.size() && folded.compare(0, pv.size(), pv) == 0) {
            rest = folded.substr(pv.size());
            return true;
        }
    }
    return false;
}

std::size_t word_count(std::string_view s)
{
    std::size_t n = 0;
    for (const auto& t : tokenize(s))
        if (t.kind == Token::Kind::word || t.kind == Token::Kind::number)
            ++n;
    return n;
}

}  // namespace

Gazetteer::Gazetteer() : index_(std::make_unique<GazetteerIndex>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

std::uint32_t Gazetteer::add_source(std::string name)
{
    sources_.push_back(std::move(name));
    return static_cast<std::uint32_t>(sources_.size() - 1);
}

namespace {

// Streets: grouped by (name key, town key), groups far apart split; then the deletion
// neighbourhoods of the street keys, bucketed by hash.
void index_streets(const std::vector<AddressPoint>& addresses, detail::GazetteerIndex& idx)
{
    std::map<std::pair<std::string, std::string>, std::vector<std::uint32_t>> by_name;
    std::unordered_map<std::string, std::string> key_cache;
    for (std::uint32_t i = 0; i < addresses.size(); ++i) {
        const auto& a = addresses[i];
        auto it = key_cache.find(a.street);
        if (it == key_cache.end())
            it = key_cache.emplace(a.street, name_key(a.street)).first;
        if (it->second.empty())
            continue;
        std::string town_key = name_key(a.town);
        if (!town_key.empty())
            idx.towns.emplace(town_key, a.town);
        by_name[{it->second, town_key}].push_back(i);
        idx.max_street_words = std::max(idx.max_street_words, word_count(a.street));
    }
    for (auto& [name, ids] : by_name) {
        for (auto& members : spatial_clusters(addresses, ids, 1500.0)) {
            StreetGroup g;
            g.key = name.first;
            g.town_key = name.second;
            std::sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
                const auto& x = addresses[a];
                const auto& y = addresses[b];
                return std::tie(x.number, x.letter, x.source, a) < std::tie(y.number, y.letter, y.source, b);
            });
            g.entries = members;
            std::vector<core::Point> pts;
            g.source = UINT32_MAX;
            for (auto m : members) {
                pts.push_back(addresses[m].point);
                if (addresses[m].source < g.source) {
                    g.source = addresses[m].source;
                    g.name = addresses[m].street;
                    g.town = addresses[m].town;
                }
            }
            detail::AreaCentroid c;
            finish_area(c, pts);
            g.centroid = c.point;
            g.radius_m = c.radius_m;
            idx.street_by_key[g.key].push_back(static_cast<std::uint32_t>(idx.streets.size()));
            idx.streets.push_back(std::move(g));
        }
    }
    for (const auto& [key, groups] : idx.street_by_key) {
        auto id = static_cast<std::uint32_t>(idx.street_keys.size());
        idx.street_keys.push_back(key);
        for (const auto& d : detail::deletion_neighbourhood(key, key.size() < 4 ? 0 : detail::max_edits))
            idx.deletions.emplace_back(detail::hash_key(d), id);
    }
    std::sort(idx.deletions.begin(), idx.deletions.end());
    idx.deletions.erase(std::unique(idx.deletions.begin(), idx.deletions.end()), idx.deletions.end());
    idx.bucket_start.assign((1u << GazetteerIndex::bucket_bits) + 1, 0);
    for (const auto& d : idx.deletions)
        ++idx.bucket_start[(d.first >> (64 - GazetteerIndex::bucket_bits)) + 1];
    for (std::size_t b = 1; b < idx.bucket_start.size(); ++b)
        idx.bucket_start[b] += idx.bucket_start[b - 1];
}

// Postcode centroids.
void index_postcodes(const std::vector<AddressPoint>& addresses, detail::GazetteerIndex& idx)
{
    std::unordered_map<std::string, std::vector<core::Point>> pc;
    for (const auto& a : addresses)
        if (!a.postcode.empty())
            pc[a.postcode].push_back(a.point);
    for (const auto& [code, pts] : pc)
        finish_area(idx.postcodes[code], pts);
}

// Places, with district names split into their parts and direction-less aliases.
void index_places(const std::vector<NamedPlace>& places, detail::GazetteerIndex& idx)
{
    auto add_place_key = [&](const std::string& name, std::uint32_t id) {
        auto key = name_key(name);
        if (key.empty())
            return;
        auto& v = idx.place_by_key[key];
        if (std::find(v.begin(), v.end(), id) == v.end())
            v.push_back(id);
        idx.max_place_words = std::max(idx.max_place_words, word_count(name));
    };
    std::map<std::string, std::vector<std::uint32_t>> aliases;
    std::map<std::string, std::string> alias_names;
    for (std::uint32_t i = 0; i < places.size(); ++i) {
        const auto& p = places[i];
        add_place_key(p.name, i);
        if (p.kind != PlaceKind::district)
            continue;
        std::vector<std::string> parts;
        std::string part;
        for (char c : p.name) {
            if (c == '-' || c == '/') {
                parts.push_back(part);
                part.clear();
            } else {
                part += c;
            }
        }
        parts.push_back(part);
        for (auto& s : parts) {
            while (!s.empty() && s.front() == ' ')
                s.erase(s.begin());
            while (!s.empty() && s.back() == ' ')
                s.pop_back();
            if (parts.size() > 1 && !s.empty())
                add_place_key(s, i);
            std::string rest;
            auto folded = core::fold_case(s);
            if (starts_with_direction(folded, rest)) {
                // Keep the name as written when folding kept the byte length (it does for Swedish).
                if (folded.size() == s.size())
                    rest = s.substr(s.size() - rest.size());
                aliases[core::fold_case(rest)].push_back(i);
                alias_names.emplace(core::fold_case(rest), rest);
            }
        }
    }
    for (const auto& [base, ids] : aliases) {
        auto key = name_key(base);
        if (key.empty() || idx.place_by_key.count(key))
            continue;  // a real place of that name wins over the derived one
        std::vector<core::Point> pts;
        double radius = 0;
        for (auto i : ids)
            pts.push_back(places[i].point);
        detail::AreaCentroid c;
        finish_area(c, pts);
        for (auto i : ids)
            radius = std::max(radius, distance(places[i].point, c.point) + places[i].radius_m);
        if (c.radius_m > 3000.0)
            continue;  // parts too far apart to share one point
        NamedPlace d;
        d.name = alias_names[base];
        d.point = c.point;
        d.radius_m = radius;
        d.kind = PlaceKind::district;
        d.source = places[ids.front()].source;
        d.feature = -1;
        auto id = static_cast<std::uint32_t>(places.size() + idx.derived_places.size());
        idx.derived_places.push_back(d);
        add_place_key(base, id);
    }
}

}  // namespace

void Gazetteer::build()
{
    if (built_)
        return;
    auto idx = std::make_unique<GazetteerIndex>();

    index_streets(addresses_, *idx);
    index_postcodes(addresses_, *idx);
    index_places(places_, *idx);
    detail::index_reach_areas(addresses_, places_, *idx);
    detail::index_roads(roads_, *idx);
    index_ = std::move(idx);
    built_ = true;
}

std::size_t Gazetteer::memory_bytes() const
{
    std::size_t n = sizeof(*this);
    for (const auto& a : addresses_)
        n += sizeof(a) + a.street.capacity() + a.town.capacity();
    for (const auto& p : places_)
        n += sizeof(p) + p.name.capacity();
    const auto& idx = *index_;
    for (const auto& g : idx.streets)
        n += sizeof(g) + g.key.capacity() * 2 + g.entries.capacity() * 4 + 48;
    n += idx.deletions.capacity() * sizeof(idx.deletions[0]);
    n += idx.street_by_key.size() * 64 + idx.place_by_key.size() * 64 + idx.postcodes.size() * 64;
    for (const auto& k : idx.street_keys)
        n += k.capacity() + sizeof(k);
    return n;
}

}  // namespace trygg::geocode
