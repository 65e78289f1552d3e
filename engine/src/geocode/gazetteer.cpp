// SPDX-License-Identifier: MIT
#include <trygg/core/text.hpp>
#include <trygg/geocode/gazetteer.hpp>
#include <trygg/geocode/normalize.hpp>
#include <trygg/geocode/roads.hpp>
#include <trygg/spatial/point_on_surface.hpp>
#include <trygg/spatial/polygon_contains.hpp>

#include "geocode/edit_distance.hpp"
#include "geocode/fuzzy_street.hpp"
#include "geocode/gazetteer_index.hpp"
#include "geocode/morphology.hpp"
#include "geocode/road_match.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_set>

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

// The key of a name's first word ("stora" for "Stora torget").
std::string first_word_key(std::string_view s)
{
    for (const auto& t : tokenize(s))
        if (t.kind == Token::Kind::word || t.kind == Token::Kind::number)
            return word_key(t.text);
    return std::string();
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

// How far apart two points of one name may lie and still be one place: a bus stop's two
// stop positions (~110 m), a school's buildings and its sports ground (a few hundred metres).
// Names whose last part says they are a large thing get the larger distance.
double identity_distance(const std::string& key)
{
    static const char* large[] = {"skolan", "skola", "ip", "idrottsplats", "parken", "park", "centrum",
                                  "kyrkan", "kyrka", "sjukhus", "sjukhuset", "omrade", "omradet"};
    for (const char* w : large) {
        std::string_view sw(w);
        if (key.size() > sw.size() && key.compare(key.size() - sw.size(), sw.size(), sw) == 0)
            return 600.0;
    }
    return 250.0;
}

// Last words that qualify a name without being it: "Rocklunda IP", "Bäckby centrum",
// "Råby bibliotek", "Hälla södra". The name alone is then found too (when no entry has it).
bool is_qualifier(const std::string& word_key_)
{
    static const std::unordered_set<std::string> q = {
        "sodra", "norra", "ostra", "vastra", "ip", "centrum", "c", "bibliotek", "familjecentrum", "idrottsplats",
        "gard", "kyrka", "station", "torg", "hallplats", "skola", "forskola", "bad", "sporthall", "simhall"};
    return q.count(word_key_) > 0;
}

// One derived place standing for several entries: their mean point with a reach covering
// every entry (and its own reach).
NamedPlace derived_place(const std::vector<NamedPlace>& places, const std::vector<std::uint32_t>& ids, std::string name)
{
    std::vector<core::Point> pts;
    for (auto i : ids)
        pts.push_back(places[i].point);
    detail::AreaCentroid c;
    finish_area(c, pts);
    NamedPlace d;
    d.name = std::move(name);
    d.point = c.point;
    d.kind = places[ids.front()].kind;
    d.source = places[ids.front()].source;
    for (auto i : ids) {
        d.radius_m = std::max(d.radius_m, distance(places[i].point, c.point) + places[i].radius_m);
        d.source = std::min(d.source, places[i].source);
    }
    d.feature = ids.size() == 1 ? places[ids.front()].feature : -1;
    if (ids.size() == 1) {
        d.area = places[ids.front()].area;
        d.code = places[ids.front()].code;
        return d;
    }
    // Areas together ("Bäckby" = Östra + Västra Bäckby): a point inside one of them, the reach
    // of all, containment against all.
    bool all_areas = std::all_of(ids.begin(), ids.end(), [&](std::uint32_t i) { return !places[i].area.empty(); });
    if (all_areas) {
        for (auto i : ids)
            d.area.insert(d.area.end(), places[i].area.begin(), places[i].area.end());
        auto inside = spatial::point_on_surface(d.area);
        if (std::isfinite(inside.x) && std::isfinite(inside.y)) {
            d.point = inside;
            d.radius_m = spatial::farthest_vertex_distance(d.area, inside);
        }
    }
    return d;
}

// Places: same-name points close together merged into one place (place identity); district
// names split into their parts; direction-less and qualifier-less names derived; aliases;
// stem keys and the fuzzy index for prose.
void index_places(const std::vector<NamedPlace>& places, const std::vector<PlaceAlias>& place_aliases,
                  detail::GazetteerIndex& idx)
{
    // `stemmed`: also found by other word forms. Not for a name derived by dropping a
    // qualifier: "Malmabergs" (from "Malmabergs förskola") in another form would be "Malmaberg".
    auto add_place_key = [&](const std::string& name, std::uint32_t id, bool stemmed = true) {
        auto key = name_key(name);
        if (key.empty())
            return;
        auto& v = idx.place_by_key[key];
        if (std::find(v.begin(), v.end(), id) == v.end())
            v.push_back(id);
        auto stem = stemmed ? detail::stem_key(name) : std::string();
        if (!stem.empty()) {
            auto& sv = idx.place_by_stem[stem];
            if (std::find(sv.begin(), sv.end(), id) == sv.end())
                sv.push_back(id);
        }
        idx.max_place_words = std::max(idx.max_place_words, word_count(name));
        if (auto first = first_word_key(name); !first.empty() && word_count(name) >= 2)
            idx.lower_case_starts.insert(first);
    };
    auto add_derived = [&](NamedPlace d) {
        auto id = static_cast<std::uint32_t>(places.size() + idx.derived_places.size());
        idx.derived_places.push_back(std::move(d));
        return id;
    };

    // Place identity: points (not areas) of one name within the name's identity distance.
    std::vector<std::uint32_t> stands_for(places.size());
    std::iota(stands_for.begin(), stands_for.end(), 0u);
    {
        std::map<std::string, std::vector<std::uint32_t>> by_key;
        for (std::uint32_t i = 0; i < places.size(); ++i)
            if (places[i].kind == PlaceKind::place && places[i].area.empty())
                by_key[name_key(places[i].name)].push_back(i);
        for (auto& [key, ids] : by_key) {
            if (key.empty() || ids.size() < 2)
                continue;
            const double link = identity_distance(key);
            std::vector<std::uint32_t> parent(ids.size());
            std::iota(parent.begin(), parent.end(), 0u);
            auto find = [&](std::uint32_t k) {
                while (parent[k] != k)
                    k = parent[k] = parent[parent[k]];
                return k;
            };
            for (std::uint32_t a = 0; a < ids.size(); ++a)
                for (std::uint32_t b = a + 1; b < ids.size(); ++b)
                    if (distance(places[ids[a]].point, places[ids[b]].point) <= link)
                        parent[find(a)] = find(b);
            std::map<std::uint32_t, std::vector<std::uint32_t>> clusters;
            for (std::uint32_t k = 0; k < ids.size(); ++k)
                clusters[find(k)].push_back(ids[k]);
            for (auto& [root, members] : clusters) {
                if (members.size() < 2)
                    continue;
                auto id = add_derived(derived_place(places, members, places[members.front()].name));
                for (auto m : members)
                    stands_for[m] = id;
            }
        }
    }

    // Shorter names derived from district names without their direction ("Bäckby" from Östra
    // and Västra Bäckby), and from place names without their qualifier ("Rocklunda" from
    // "Rocklunda IP"); districts first, so a district's name wins.
    std::map<std::string, std::vector<std::uint32_t>> aliases, partial;
    std::map<std::string, std::string> alias_names;
    for (std::uint32_t i = 0; i < places.size(); ++i) {
        const auto& p = places[i];
        add_place_key(p.name, stands_for[i]);
        if (p.kind != PlaceKind::district) {
            // "Rocklunda IP" is also "Rocklunda" (a qualifier-less name, derived below).
            auto words = tokenize(p.name);
            std::vector<Token> name_words;
            for (auto& t : words)
                if (t.kind == Token::Kind::word || t.kind == Token::Kind::number)
                    name_words.push_back(t);
            if (name_words.size() >= 2 && is_qualifier(word_key(name_words.back().text))) {
                std::string base;
                for (std::size_t k = 0; k + 1 < name_words.size(); ++k)
                    base += (k ? " " : "") + name_words[k].raw;
                if (name_key(base).size() >= 4) {
                    partial[core::fold_case(base)].push_back(i);
                    alias_names.emplace(core::fold_case(base), base);
                }
            }
            continue;
        }
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
    for (const auto* derived : {&aliases, &partial})
        for (const auto& [base, ids] : *derived) {
            auto key = name_key(base);
            if (key.empty() || idx.place_by_key.count(key))
                continue;  // a real place of that name wins over the derived one
            // One entry behind the shorter name: it is that entry ("Rocklunda" is "Rocklunda IP").
            auto d = derived_place(places, ids, ids.size() == 1 ? places[ids.front()].name : alias_names[base]);
            double spread = 0;
            for (auto i : ids)
                spread = std::max(spread, distance(places[i].point, d.point));
            if (spread > 3000.0)
                continue;  // parts too far apart to share one point
            add_place_key(base, add_derived(std::move(d)), derived == &aliases);
        }
    // Aliases from the catalogue: the alias key finds what the target's name finds.
    for (const auto& a : place_aliases) {
        auto target = idx.place_by_key.find(name_key(a.target));
        auto key = name_key(a.alias);
        if (key.empty())
            continue;
        if (target == idx.place_by_key.end()) {
            idx.unresolved_aliases.push_back(a.alias + " -> " + a.target);
            continue;
        }
        auto ids = target->second;
        for (auto id : ids)
            add_place_key(a.alias, id);
        idx.lower_case_starts.insert(first_word_key(a.alias));
        auto& not_after = idx.alias_not_after[key];
        for (const auto& w : a.not_after)
            not_after.push_back(word_key(w));
    }
    // One-edit neighbourhoods of the long place keys, for typos in prose.
    for (const auto& [key, ids] : idx.place_by_key) {
        if (key.size() < detail::GazetteerIndex::fuzzy_place_min)
            continue;
        auto id = static_cast<std::uint32_t>(idx.place_keys.size());
        idx.place_keys.push_back(key);
        for (const auto& d : detail::deletion_neighbourhood(key, 1))
            idx.place_deletions.emplace_back(detail::hash_key(d), id);
    }
    std::sort(idx.place_deletions.begin(), idx.place_deletions.end());
}

}  // namespace

void Gazetteer::build()
{
    if (built_)
        return;
    auto idx = std::make_unique<GazetteerIndex>();

    index_streets(addresses_, *idx);
    index_postcodes(addresses_, *idx);
    index_places(places_, aliases_, *idx);
    detail::index_reach_areas(addresses_, places_, *idx);
    detail::index_roads(roads_, *idx);
    index_ = std::move(idx);
    built_ = true;
}

std::vector<std::string> Gazetteer::unresolved_aliases() const
{
    return built_ ? index_->unresolved_aliases : std::vector<std::string>();
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
