// SPDX-License-Identifier: MIT
#include <trygg/core/text.hpp>
#include <trygg/geocode/geocoder.hpp>

#include "geocode/fuzzy_street.hpp"
#include "geocode/matcher.hpp"
#include "geocode/prose_intersection.hpp"
#include "geocode/road_match.hpp"

#include <algorithm>
#include <iterator>

namespace trygg::geocode {

namespace {

using detail::Candidate;
using detail::Matcher;

constexpr const char* type_names[] = {"exact", "letter",   "interpolated", "intersection", "street",    "street_fuzzy",
                                      "place", "road",     "postcode",     "district",     "ambiguous", "unmatched"};
static_assert(std::size(type_names) == static_cast<std::size_t>(MatchType::unmatched) + 1);

GeocodeResult unmatched(std::string reason)
{
    GeocodeResult r;
    r.reason = std::move(reason);
    return r;
}

}  // namespace

std::string to_string(MatchType t) { return type_names[static_cast<int>(t)]; }

std::optional<MatchType> match_type_from_string(std::string_view s)
{
    for (int i = 0; i < static_cast<int>(std::size(type_names)); ++i)
        if (s == type_names[i])
            return static_cast<MatchType>(i);
    return std::nullopt;
}

Geocoder::Geocoder(Gazetteer& gazetteer, GeocoderOptions options) : gazetteer_(gazetteer), options_(options)
{
    gazetteer.build();
}

GeocodeResult Geocoder::geocode(std::string_view text) const
{
    if (text.size() > options_.max_bytes)
        return unmatched("text is " + std::to_string(text.size()) + " bytes, longer than the " +
                         std::to_string(options_.max_bytes) + "-byte limit for an address");
    if (!core::is_valid_utf8(text))
        return unmatched("invalid UTF-8 in the address text");
    std::string clean(text);
    std::size_t controls = 0;
    for (auto& c : clean) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7F) {
            c = ' ';
            ++controls;
        }
    }
    bool blank = std::all_of(clean.begin(), clean.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
    if (blank)
        return unmatched(controls ? "only control characters" : "empty address");
    Matcher m(gazetteer_, options_);
    const auto& idx = gazetteer_.index();
    auto a = parse_address(clean);
    std::string note = controls ? std::to_string(controls) + " control character(s) ignored" : std::string();

    // A road ("E18 i höjd med X", "riksväg 56", "...motet") when the gazetteer has a road layer.
    if (auto road = detail::match_road(m, gazetteer_, clean, note))
        return *std::move(road);

    if (options_.free_text) {
        // "i korsningen X och Y": the meeting point, before the names one by one.
        if (auto crossings = detail::prose_intersections(m, idx, clean); !crossings.empty())
            return m.resolve(std::move(crossings), note);
        auto found = m.search_text(a.all_words, true);
        if (found.empty())
            return unmatched("no known place or street name in the text");
        return m.resolve(std::move(found), note);
    }

    std::string street_key = name_key(a.street);
    if (a.intersection) {
        std::vector<Candidate> found;
        if (!a.cross_street.empty()) {
            auto x = m.lookup_street(a.street, true, true);
            auto y = m.lookup_street(a.cross_street, true, false);
            found = m.intersection(x.groups, y.groups, x.edits + y.edits);
            if (found.empty() && (x.groups.empty() != y.groups.empty())) {
                // One of the two streets is known: its centroid, said plainly.
                const auto& one = x.groups.empty() ? y : x;
                for (auto gi : one.groups) {
                    found.push_back(m.street_candidate(idx.streets[gi]));
                    if (one.edits > 0)
                        detail::make_fuzzy(found.back(), idx, a);
                }
                note += (note.empty() ? "" : "; ") + std::string("only one street of the intersection found");
            }
        } else {
            for (std::size_t k = 1; k < a.street.size() && found.empty(); ++k) {
                std::vector<Token> left(a.street.begin(), a.street.begin() + static_cast<std::ptrdiff_t>(k));
                std::vector<Token> right(a.street.begin() + static_cast<std::ptrdiff_t>(k), a.street.end());
                auto x = m.lookup_street(left, false, false);
                auto y = m.lookup_street(right, false, false);
                found = m.intersection(x.groups, y.groups, 0);
            }
        }
        if (!found.empty())
            return m.resolve(std::move(found), note);
    }

    if (!a.street.empty() && !a.intersection) {
        auto hits = m.lookup_street(a.street, true, true);

        if (!hits.groups.empty()) {
            if (hits.dropped)
                note += (note.empty() ? "" : "; ") + std::to_string(hits.dropped) + " word(s) before the street ignored";
            if (hits.edits)
                note += (note.empty() ? "" : "; ") + std::string("street name matched with ") +
                        std::to_string(hits.edits) + " edit(s)";
            m.filter_by_area(hits.groups, a, note);
            // A name that is exactly a place outranks a street it only resembles.
            if (hits.edits > 0 && a.number < 0)
                if (auto places = m.place_candidates(street_key); !places.empty())
                    return m.resolve(std::move(places), std::string());
            std::vector<Candidate> cands;
            for (auto gi : hits.groups) {
                auto c = m.evaluate_number(idx.streets[gi], a.number, a.letter);
                c.edits = hits.edits;
                if (hits.edits > 0)
                    detail::make_fuzzy(c, idx, a);  // a typo, or a street the gazetteer lacks
                cands.push_back(std::move(c));
            }
            auto r = m.resolve(std::move(cands), note);
            if (hits.dropped && has_point(r.type))
                r.score *= 0.95;
            return r;
        }
        // The whole text, or its tail after filler words, may be a place name.
        for (std::size_t k = 0; k < a.street.size(); ++k) {
            auto key = name_key(std::vector<Token>(a.street.begin() + static_cast<std::ptrdiff_t>(k), a.street.end()));
            auto places = m.place_candidates(key);
            if (!places.empty())
                return m.resolve(std::move(places), note);
        }
    }
    if (auto found = m.search_text(a.all_words, false); !found.empty())
        return m.resolve(std::move(found), note);
    if (!a.postcode.empty()) {
        auto it = idx.postcodes.find(a.postcode);
        if (it != idx.postcodes.end()) {
            GeocodeResult r;
            r.type = MatchType::postcode;
            r.point = it->second.point;
            r.uncertainty_m = it->second.radius_m;
            r.score = detail::base_score(MatchType::postcode);
            r.matched = "postnummer " + a.postcode.substr(0, 3) + " " + a.postcode.substr(3);
            r.reason = note;
            return r;
        }
    }
    bool only_town = (!street_key.empty() && idx.towns.count(street_key) && a.number < 0) ||
                     (a.street.empty() && !a.town.empty());
    if (only_town)
        return unmatched("only a postal town, no street or place");
    if (a.street.empty() && a.number >= 0)
        return unmatched("a number without a street name");
    if (a.street.empty())
        return unmatched("no street, place or postcode found in the text");
    if (a.intersection)
        return unmatched("intersection '" + a.street_name() + (a.cross_street.empty() ? "" : " / " + a.cross_street_name()) +
                         "' not found");
    return unmatched("street or place '" + a.street_name() + "' not found in the gazetteer");
}

}  // namespace trygg::geocode
