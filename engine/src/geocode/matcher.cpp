// SPDX-License-Identifier: MIT
#include "geocode/matcher.hpp"

#include "geocode/edit_distance.hpp"
#include "geocode/fuzzy_street.hpp"

#include <trygg/spatial/polygon_contains.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace trygg::geocode::detail {

namespace {

double distance(const core::Point& a, const core::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

double base_score_impl(MatchType t)
{
    switch (t) {
    case MatchType::exact: return 1.0;
    case MatchType::letter: return 0.9;
    case MatchType::interpolated: return 0.8;
    case MatchType::intersection: return 0.75;
    case MatchType::street: return 0.6;
    case MatchType::street_fuzzy: return 0.3;
    case MatchType::place: return 0.7;
    case MatchType::road: return 0.5;
    case MatchType::postcode: return 0.4;
    case MatchType::district: return 0.35;
    default: return 0.0;
    }
}

std::string format_number(int number, const std::string& letter)
{
    if (number < 0)
        return std::string();
    return std::to_string(number) + letter;
}

std::string address_label(const AddressPoint& a)
{
    std::string s = a.street;
    if (a.number >= 0)
        s += " " + format_number(a.number, a.letter);
    if (!a.postcode.empty() || !a.town.empty()) {
        s += ",";
        if (!a.postcode.empty())
            s += " " + a.postcode;
        if (!a.town.empty())
            s += " " + a.town;
    }
    return s;
}

std::string street_label(const StreetGroup& g) { return g.town.empty() ? g.name : g.name + ", " + g.town; }

std::string metres(double d)
{
    char buf[32];
    if (d >= 10000)
        std::snprintf(buf, sizeof buf, "%.0f km", d / 1000);
    else if (d >= 1000)
        std::snprintf(buf, sizeof buf, "%.1f km", d / 1000);
    else
        std::snprintf(buf, sizeof buf, "%.0f m", d);
    return buf;
}


}  // namespace

double base_score(MatchType t) { return base_score_impl(t); }

std::vector<std::vector<Token>> Matcher::variants(const std::vector<Token>& words)
{
    std::vector<std::vector<Token>> out{words};
    if (words.size() > 1 && words[0].text == "st") {
        auto v = words;
        v[0].text = "sankt";
        out.push_back(std::move(v));
    }
    if (!words.empty() && !words.back().dot) {
        for (std::size_t i = 0, n = out.size(); i < n; ++i) {
            auto v = out[i];
            v.back().dot = true;
            out.push_back(std::move(v));
        }
    }
    return out;
}

StreetHits Matcher::lookup_street(const std::vector<Token>& words, bool allow_fuzzy, bool allow_drop) const
{
    auto all = variants(words);
    for (int pass = 0; pass < 4; ++pass) {
        bool fuzzy_pass = pass % 2 == 1;
        bool drop_pass = pass >= 2;
        if ((fuzzy_pass && !allow_fuzzy) || (drop_pass && !allow_drop))
            continue;
        std::vector<std::string> tried;  // variants often share a key
        for (const auto& v : all) {
            auto hits = lookup_variant(v, fuzzy_pass, drop_pass, tried);
            if (!hits.groups.empty())
                return hits;
        }
    }
    return {};
}

bool Matcher::is_name_modifier(const std::string& word)
{
    static const char* modifiers[] = {"stora", "lilla", "norra", "sodra", "ostra", "vastra", "gamla",
                                      "nya",   "ovre",  "nedre", "sankt", "sankta", "mellersta", "yttre",
                                      "inre",  "st",    "lill"};
    auto key = word_key(word);
    if (key.size() <= 2)
        return true;  // initials: "S", "Ö", "G"
    for (const char* m : modifiers)
        if (detail::osa_distance(key, m, 2) <= 2)
            return true;
    return false;
}

StreetHits Matcher::lookup_variant(const std::vector<Token>& words, bool fuzzy_pass, bool drop,
                          std::vector<std::string>& tried) const
{
    StreetHits hits;
    // (key, words dropped) to try, in order.
    std::vector<std::pair<std::string, std::size_t>> keys;
    if (!drop) {
        keys.emplace_back(name_key(words), 0);
    } else {
        auto expanded = expand_abbreviations(words);
        for (std::size_t k = 1; k < words.size(); ++k) {
            if (is_name_modifier(expanded[k - 1]))
                break;
            auto key = name_key(std::vector<Token>(words.begin() + static_cast<std::ptrdiff_t>(k), words.end()));
            // What is left must still look like a name, not a bare "gatan".
            if (key.size() >= (fuzzy_pass ? 9u : 5u))
                keys.emplace_back(std::move(key), k);
        }
    }
    for (const auto& [key, dropped] : keys) {
        if (key.size() < 2 || std::find(tried.begin(), tried.end(), key) != tried.end())
            continue;
        tried.push_back(key);
        if (!fuzzy_pass) {
            auto it = idx_.street_by_key.find(key);
            if (it != idx_.street_by_key.end()) {
                hits.groups = it->second;
                hits.dropped = dropped;
                return hits;
            }
            continue;
        }
        auto found = fuzzy(key);
        if (!found.first.empty()) {
            for (auto key_id : found.first) {
                const auto& gs = idx_.street_by_key.at(idx_.street_keys[key_id]);
                hits.groups.insert(hits.groups.end(), gs.begin(), gs.end());
            }
            hits.edits = found.second;
            hits.dropped = dropped;
            return hits;
        }
    }
    return hits;
}

std::pair<std::vector<std::uint32_t>, int> Matcher::fuzzy(const std::string& key) const
{
    if (detail::max_edits_for(key.size()) == 0)
        return {};
    int depth = detail::max_edits;
    std::vector<std::uint32_t> seen;
    std::vector<std::uint64_t> hashes;
    hashes.reserve(key.size() * key.size() / 2 + key.size() + 1);
    detail::deletion_hashes(key, depth, hashes);
    for (auto h : hashes) {
        auto bucket = h >> (64 - GazetteerIndex::bucket_bits);
        auto lo = idx_.deletions.begin() + idx_.bucket_start[bucket];
        auto hi = idx_.deletions.begin() + idx_.bucket_start[bucket + 1];
        auto it = std::lower_bound(lo, hi, std::make_pair(h, 0u));
        for (; it != hi && it->first == h; ++it)
            seen.push_back(it->second);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    int best = depth + 1;
    std::vector<std::uint32_t> out;
    for (auto id : seen) {
        const auto& cand = idx_.street_keys[id];
        if (differs_in_direction(key, cand))
            continue;  // "Södra X" is not a typo of "Norra X"
        int bound = detail::max_edits_for(std::max(cand.size(), key.size()));
        int d = detail::osa_distance(key, cand, bound);
        if (d > bound || d > best)
            continue;
        if (d < best) {
            best = d;
            out.clear();
        }
        out.push_back(id);
    }
    return {out, best};
}

Candidate Matcher::street_candidate(const StreetGroup& s) const
{
    Candidate c;
    c.type = MatchType::street;
    c.point = s.centroid;
    c.uncertainty = s.radius_m + 10.0;
    c.radius = s.radius_m;
    c.label = street_label(s);
    c.source = s.source;
    return c;
}

Candidate Matcher::evaluate_number(const StreetGroup& s, int number, const std::string& letter) const
{
    const auto& all = g_.addresses();
    if (number < 0)
        return street_candidate(s);
    auto first = std::lower_bound(s.entries.begin(), s.entries.end(), number,
                                  [&](std::uint32_t e, int n) { return all[e].number < n; });
    auto last = first;
    while (last != s.entries.end() && all[*last].number == number)
        ++last;
    if (first != last) {
        for (auto it = first; it != last; ++it)
            if (all[*it].letter == letter) {
                Candidate c;
                c.type = MatchType::exact;
                c.point = all[*it].point;
                c.uncertainty = 5.0;
                c.label = address_label(all[*it]);
                c.source = all[*it].source;
                c.feature = all[*it].feature;
                return c;
            }
        // Letter missing or unknown: the mean of that number's entries (best source only).
        std::uint32_t best_source = UINT32_MAX;
        for (auto it = first; it != last; ++it)
            best_source = std::min(best_source, all[*it].source);
        core::Point m{0, 0};
        int n = 0;
        const AddressPoint* any = nullptr;
        for (auto it = first; it != last; ++it)
            if (all[*it].source == best_source) {
                m.x += all[*it].point.x;
                m.y += all[*it].point.y;
                ++n;
                if (!any || (letter.empty() ? all[*it].letter < any->letter : false))
                    any = &all[*it];
            }
        m.x /= n;
        m.y /= n;
        double spread = 0;
        for (auto it = first; it != last; ++it)
            if (all[*it].source == best_source)
                spread = std::max(spread, distance(all[*it].point, m));
        Candidate c;
        c.type = MatchType::letter;
        c.point = n == 1 ? any->point : m;
        c.uncertainty = 5.0 + spread;
        AddressPoint label = *any;
        label.letter = n == 1 ? any->letter : std::string();
        c.label = address_label(label);
        c.source = best_source;
        c.feature = n == 1 ? any->feature : -1;
        return c;
    }
    // Number not in the register: the neighbours on the same side of the street.
    struct NumberPoint {
        int number;
        core::Point point;
    };
    std::vector<NumberPoint> nums;
    for (auto e : s.entries) {
        const auto& a = all[e];
        if (a.number < 0)
            continue;
        if (!nums.empty() && nums.back().number == a.number)
            continue;  // first entry (lowest letter, best source) stands for the number
        nums.push_back({a.number, a.point});
    }
    const NumberPoint* lo = nullptr;
    const NumberPoint* hi = nullptr;
    for (const auto& np : nums) {
        if ((np.number - number) % 2 != 0)
            continue;
        if (np.number < number)
            lo = &np;
        else if (np.number > number && !hi)
            hi = &np;
    }
    Candidate c;
    c.type = MatchType::interpolated;
    c.source = s.source;
    c.label = s.name + " " + std::to_string(number) + letter + " (between numbers)";
    if (lo && hi && hi->number - lo->number <= 2 * opt_.max_number_gap) {
        double t = static_cast<double>(number - lo->number) / (hi->number - lo->number);
        c.point = {lo->point.x + t * (hi->point.x - lo->point.x), lo->point.y + t * (hi->point.y - lo->point.y)};
        c.uncertainty = std::max(15.0, distance(lo->point, hi->point) / 2);
        c.label = s.name + " " + std::to_string(number) + letter + " (between " + std::to_string(lo->number) +
                  " and " + std::to_string(hi->number) + ")";
        return c;
    }
    const NumberPoint* near = nullptr;
    if (lo && number - lo->number <= opt_.max_number_gap)
        near = lo;
    if (hi && hi->number - number <= opt_.max_number_gap && (!near || hi->number - number < number - near->number))
        near = hi;
    if (near) {
        c.point = near->point;
        c.uncertainty = 20.0 + 10.0 * std::abs(near->number - number);
        c.label = s.name + " " + std::to_string(number) + letter + " (next to " + std::to_string(near->number) + ")";
        return c;
    }
    // A number far from every known one: the street may go on beyond its known addresses, so
    // its radius alone understates the error (leave-one-out on Västerås polling stations: 1.1 km
    // for 36 numbers). Allow 40 m a number, a generous lot width.
    auto fallback = street_candidate(s);
    int gap = INT32_MAX;
    for (const auto& np : nums)
        gap = std::min(gap, std::abs(np.number - number));
    if (gap != INT32_MAX)
        fallback.uncertainty = std::max(fallback.uncertainty, s.radius_m + 40.0 * gap);
    return fallback;
}

std::vector<Candidate> Matcher::places_of(const std::vector<std::uint32_t>& ids, const std::string& key, int edits) const
{
    std::vector<Candidate> out;
    for (auto id : ids) {
        const auto& p = idx_.place(g_, id);
        Candidate c;
        c.type = p.kind == PlaceKind::district ? MatchType::district : MatchType::place;
        c.point = p.point;
        c.radius = p.radius_m;
        // The reach of the thing named: a polygon's farthest vertex, a merged place's spread.
        c.uncertainty = std::max(p.radius_m, 50.0);
        c.label = p.name;
        c.source = p.source;
        c.feature = p.feature;
        c.edits = edits;
        c.key = key;
        c.area = p.area.empty() ? nullptr : &p.area;
        c.code = p.code;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Candidate> Matcher::place_candidates(const std::string& key) const
{
    auto it = idx_.place_by_key.find(key);
    if (it == idx_.place_by_key.end())
        return {};
    return places_of(it->second, key, 0);
}

bool Matcher::covers(const Candidate& area, const core::Point& p) const
{
    if (distance(area.point, p) <= opt_.ambiguity_distance_m)
        return true;
    if (area.area)
        return spatial::polygon_contains(*area.area, p);
    return distance(area.point, p) <= opt_.ambiguity_distance_m + area.radius;
}

void Matcher::narrow(std::vector<Candidate>& cands) const
{
    const auto& best = cands.front();
    if (best.key.empty())
        return;
    std::vector<const Candidate*> areas;
    std::size_t same = 0;
    for (const auto& c : cands) {
        if (c.key == best.key && c.type == best.type)
            ++same;
        else if (c.key != best.key && c.type > best.type)
            areas.push_back(&c);
    }
    if (areas.empty() || same < 2)
        return;
    auto inside = [&](const Candidate& c) {
        return std::any_of(areas.begin(), areas.end(), [&](const Candidate* a) { return covers(*a, c.point); });
    };
    std::size_t kept = 0;
    for (const auto& c : cands)
        kept += c.key == best.key && c.type == best.type && inside(c);
    if (kept == 0 || kept == same)
        return;
    // "Storgatan på Skultuna": the Storgatan inside Skultuna, not every Storgatan.
    std::vector<Candidate> out;
    const auto key = best.key;
    const auto type = best.type;
    for (auto& c : cands)
        if (!(c.key == key && c.type == type) || inside(c))
            out.push_back(std::move(c));
    cands.swap(out);
}

GeocodeResult Matcher::resolve(std::vector<Candidate> cands, const std::string& note) const
{
    GeocodeResult r;
    if (cands.empty())
        return r;
    std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.type, a.underlying, a.edits, a.source) < std::tie(b.type, b.underlying, b.edits, b.source);
    });
    narrow(cands);
    const auto& best = cands.front();
    std::string first_conflict;
    double conflict_distance = 0;
    for (const auto& c : cands) {
        bool conflicts = false;
        if (c.key.empty() || best.key.empty() || c.key == best.key) {
            // One name: sources are in priority order, a lower-priority source never makes the
            // best ambiguous; a less precise candidate only conflicts when it does not contain
            // the best one (a school inside the district also named).
            bool same_level = c.type == best.type && c.underlying == best.underlying && c.edits == best.edits &&
                              c.source == best.source;
            if (same_level)
                conflicts = distance(c.point, best.point) > opt_.ambiguity_distance_m;
            else if (c.type >= MatchType::place && c.type != best.type)
                conflicts = !covers(c, best.point);
        } else {
            // Different names in prose: the same place when close, nested when one contains
            // the other ("…gatan på <area>", a place in its district); otherwise unrelated.
            conflicts = !covers(c, best.point) && !covers(best, c.point);
        }
        if (!conflicts)
            continue;
        if (first_conflict.empty()) {
            first_conflict = c.label;
            conflict_distance = distance(c.point, best.point);
            r.candidates.push_back(best.label);
        }
        if (std::find(r.candidates.begin(), r.candidates.end(), c.label) == r.candidates.end())
            r.candidates.push_back(c.label);
    }
    if (!first_conflict.empty()) {
        r.type = MatchType::ambiguous;
        r.reason = "ambiguous: '" + best.label + "' and '" + first_conflict + "' are " + metres(conflict_distance) +
                   " apart";
        return r;
    }
    r.type = best.type;
    r.point = best.point;
    r.uncertainty_m = best.uncertainty;
    r.score = base_score(best.type) * (1.0 - 0.1 * best.edits);
    r.matched = best.label;
    r.source = best.source < g_.sources().size() ? g_.sources()[best.source] : std::string();
    r.feature = best.feature;
    r.fuzzy = best.edits > 0;
    r.reason = note;
    r.code = best.code;
    for (const auto& c : cands)
        if (r.code.empty() && !c.code.empty() && c.area && spatial::polygon_contains(*c.area, best.point))
            r.code = c.code;
    return r;
}

std::vector<Candidate> Matcher::intersection(const std::vector<std::uint32_t>& xs, const std::vector<std::uint32_t>& ys,
                                    int edits) const
{
    std::vector<Candidate> out;
    const auto& all = g_.addresses();
    for (auto gx : xs)
        for (auto gy : ys) {
            const auto& sx = idx_.streets[gx];
            const auto& sy = idx_.streets[gy];
            if (gx == gy || distance(sx.centroid, sy.centroid) > sx.radius_m + sy.radius_m + opt_.intersection_distance_m)
                continue;
            double best = INFINITY;
            core::Point a, b;
            for (auto ex : sx.entries)
                for (auto ey : sy.entries) {
                    double d = distance(all[ex].point, all[ey].point);
                    if (d < best) {
                        best = d;
                        a = all[ex].point;
                        b = all[ey].point;
                    }
                }
            if (best > opt_.intersection_distance_m)
                continue;
            Candidate c;
            c.type = MatchType::intersection;
            c.point = {(a.x + b.x) / 2, (a.y + b.y) / 2};
            c.uncertainty = best / 2 + 20.0;
            c.label = sx.name + " / " + sy.name + (sx.town.empty() ? "" : ", " + sx.town);
            c.source = std::max(sx.source, sy.source);
            c.edits = edits;
            out.push_back(std::move(c));
        }
    return out;
}

void Matcher::filter_by_area(std::vector<std::uint32_t>& groups, const ParsedAddress& a, std::string& note) const
{
    auto keep = [&](auto pred) {
        std::vector<std::uint32_t> kept;
        for (auto gi : groups)
            if (pred(idx_.streets[gi]))
                kept.push_back(gi);
        if (!kept.empty())
            groups.swap(kept);
        return !kept.empty() || groups.empty();
    };
    if (!a.postcode.empty()) {
        bool ok = keep([&](const StreetGroup& s) {
            for (auto e : s.entries)
                if (g_.addresses()[e].postcode == a.postcode)
                    return true;
            return false;
        });
        if (ok)
            return;
        note += (note.empty() ? "" : "; ") + std::string("postcode ") + a.postcode + " does not match the street";
    }
    if (!a.town.empty()) {
        auto tk = name_key(a.town);
        if (idx_.towns.count(tk)) {
            bool ok = keep([&](const StreetGroup& s) { return s.town_key == tk; });
            if (!ok)
                note += (note.empty() ? "" : "; ") + std::string("town does not match the street");
        }
    }
}

}  // namespace trygg::geocode::detail
