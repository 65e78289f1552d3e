// SPDX-License-Identifier: MIT
#pragma once
// The matching steps of the geocoder (private): street lookup (exact, fuzzy, words dropped),
// number evaluation, places, prose search, intersections and the ambiguity rule.
#include <trygg/geocode/geocoder.hpp>

#include "geocode/gazetteer_index.hpp"

#include <string>
#include <vector>

namespace trygg::geocode::detail {

// One possible location for a record, before the ambiguity rule.
struct Candidate {
    MatchType type = MatchType::unmatched;
    core::Point point;
    double uncertainty = 0;
    double radius = 0;  // extent of the matched thing (districts contain places within it)
    std::string label;
    std::uint32_t source = 0;
    std::int64_t feature = -1;
    int edits = 0;
    // street_fuzzy: the type the similar street gave (exact, letter, ...), which still ranks
    // candidates of one fuzzy hit (geoaddr).
    MatchType underlying = MatchType::unmatched;
    // Prose: the key of the name that matched (different names may conflict; "" = one name),
    // the matched area's polygon (containment) and code.
    std::string key;
    const core::MultiPolygon* area = nullptr;
    std::string code;
};

struct StreetHits {
    std::vector<std::uint32_t> groups;
    int edits = 0;
    std::size_t dropped = 0;  // leading words not part of the name
};

double base_score(MatchType t);

class Matcher {
public:
    Matcher(const Gazetteer& g, const GeocoderOptions& o) : g_(g), idx_(g.index()), opt_(o) {}

    // Spelling variants of a street: as written, "St." as Sankt instead of Stora, and a last
    // word read as an abbreviation without its dot ("Mossav 16", "Storg 12").
    static std::vector<std::vector<Token>> variants(const std::vector<Token>& words);

    // Order: the whole name exactly, then within the edit bound, then with unknown leading
    // words dropped ("bråk vid Vasagatan 7"), exactly and then fuzzily.
    StreetHits lookup_street(const std::vector<Token>& words, bool allow_fuzzy, bool allow_drop) const;

    // Words that make a different street when dropped: "Östra Bagarvägen" is not "Bagarvägen",
    // and neither is "Östar Bagarvägen" (a misspelt one counts too).
    static bool is_name_modifier(const std::string& word);

    StreetHits lookup_variant(const std::vector<Token>& words, bool fuzzy_pass, bool drop,
                              std::vector<std::string>& tried) const;

    // Street keys within the length-scaled edit bound; the nearest ones only.
    std::pair<std::vector<std::uint32_t>, int> fuzzy(const std::string& key) const;

    Candidate street_candidate(const StreetGroup& s) const;

    Candidate evaluate_number(const StreetGroup& s, int number, const std::string& letter) const;

    std::vector<Candidate> place_candidates(const std::string& key) const;

    // Place (and, in prose, street) names anywhere in the words; longest name first. In prose
    // (`streets`) also Swedish word forms, compound heads, aliases in lower case and one-edit
    // typos of long names (geocode/prose_search.cpp).
    std::vector<Candidate> search_text(const std::vector<Token>& words, bool streets) const;

    GeocodeResult resolve(std::vector<Candidate> cands, const std::string& note) const;

    std::vector<Candidate> intersection(const std::vector<std::uint32_t>& xs, const std::vector<std::uint32_t>& ys,
                                        int edits) const;

    // Keeps the street groups that agree with the postcode or town given, if any do.
    void filter_by_area(std::vector<std::uint32_t>& groups, const ParsedAddress& a, std::string& note) const;

private:
    std::vector<Candidate> places_of(const std::vector<std::uint32_t>& ids, const std::string& key, int edits) const;
    std::vector<std::uint32_t> fuzzy_place(const std::string& key) const;
    // True when `area` (a less precise candidate) covers `p`: its polygon when it has one.
    bool covers(const Candidate& area, const core::Point& p) const;
    // Prose: same-name candidates inside an area also named keep only those inside it.
    void narrow(std::vector<Candidate>& cands) const;

    const Gazetteer& g_;
    const GazetteerIndex& idx_;
    const GeocoderOptions& opt_;
};

}  // namespace trygg::geocode::detail
