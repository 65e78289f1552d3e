// SPDX-License-Identifier: MIT
#include "geocode/matcher.hpp"

#include "geocode/edit_distance.hpp"
#include "geocode/fuzzy_street.hpp"

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

// Single words that are names of places somewhere but ordinary nouns in prose.
bool is_generic_word(const std::string& key)
{
    static const std::unordered_set<std::string> generic = {
        "centrum", "torget", "torg", "parken", "park", "eken", "furan", "tallen", "bjorken", "rondellen",
        "skolan", "kyrkan", "stationen", "hamnen", "badet", "stranden", "garden", "huset", "hallen", "vaster",
        "oster", "norr", "soder", "attan", "insluss", "proban", "astar", "jensen", "hermods", "solglimten",
        "kokpunkten", "kulturskolan", "polisen", "staden", "kommunen", "sjukhuset", "skogen", "angen"};
    return generic.count(key) > 0;
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

std::vector<Candidate> Matcher::place_candidates(const std::string& key) const
{
    std::vector<Candidate> out;
    auto it = idx_.place_by_key.find(key);
    if (it == idx_.place_by_key.end())
        return out;
    for (auto id : it->second) {
        const auto& p = idx_.place(g_, id);
        Candidate c;
        c.type = p.kind == PlaceKind::district ? MatchType::district : MatchType::place;
        c.point = p.point;
        c.radius = p.radius_m;
        c.uncertainty = std::max(p.radius_m, 50.0);
        c.label = p.name;
        c.source = p.source;
        c.feature = p.feature;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Candidate> Matcher::search_text(const std::vector<Token>& words, bool streets) const
{
    std::vector<Candidate> out;
    std::size_t max_words = std::max(idx_.max_place_words, streets ? idx_.max_street_words : 1);
    for (std::size_t i = 0; i < words.size();) {
        if (words[i].kind != Token::Kind::word || !words[i].capitalised()) {
            ++i;
            continue;
        }
        std::size_t matched = 0;
        for (std::size_t len = std::min(max_words, words.size() - i); len >= 1 && !matched; --len) {
            std::vector<Token> span(words.begin() + static_cast<std::ptrdiff_t>(i),
                                    words.begin() + static_cast<std::ptrdiff_t>(i + len));
            auto key = name_key(span);
            if (key.size() < 4 || (len == 1 && is_generic_word(key)))
                continue;
            auto places = place_candidates(key);
            if (streets) {
                auto it = idx_.street_by_key.find(key);
                if (it != idx_.street_by_key.end()) {
                    int number = -1;
                    std::string letter;
                    if (i + len < words.size() && words[i + len].kind == Token::Kind::number &&
                        words[i + len].text.size() <= 4)
                        number = std::atoi(words[i + len].text.c_str());
                    for (auto gi : it->second)
                        places.push_back(evaluate_number(idx_.streets[gi], number, letter));
                }
            }
            if (!places.empty()) {
                out.insert(out.end(), places.begin(), places.end());
                matched = len;
            }
        }
        // "Södra Ringvägen" unknown: not plain "Ringvägen" either (the direction names another
        // street); "Östra Malmaberg" is still in Malmaberg.
        i += matched ? matched : is_direction_word(words[i]) && i + 1 < words.size() && is_street_like(words[i + 1]) ? 2 : 1;
    }
    return out;
}

GeocodeResult Matcher::resolve(std::vector<Candidate> cands, const std::string& note) const
{
    GeocodeResult r;
    if (cands.empty())
        return r;
    std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.type, a.underlying, a.edits, a.source) < std::tie(b.type, b.underlying, b.edits, b.source);
    });
    const auto& best = cands.front();
    for (const auto& c : cands) {
        // Sources are in priority order: a lower-priority source never makes the best ambiguous.
        bool same_level = c.type == best.type && c.underlying == best.underlying && c.edits == best.edits &&
                          c.source == best.source;
        // A less precise candidate only conflicts when it does not contain the best one
        // (a school inside the district also named).
        double allowed = opt_.ambiguity_distance_m + (same_level ? 0.0 : c.radius);
        bool conflicts = same_level || (c.type >= MatchType::place && c.type != best.type);
        if (conflicts && distance(c.point, best.point) > allowed) {
            r.type = MatchType::ambiguous;
            r.reason = "ambiguous: '" + best.label + "' and '" + c.label + "' are " +
                       metres(distance(c.point, best.point)) + " apart";
            return r;
        }
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
