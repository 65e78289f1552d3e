// SPDX-License-Identifier: MIT
// Finding place (and street) names in prose: police event texts as written. Capitalised word
// sequences are looked up by key, then by Swedish stem (definite forms, genitive -s); a
// single word also by the part before a place-type head ("Hällamotet") and, when long, within
// one edit. Lower-case text is matched only for multi-word names and catalogue aliases
// ("sjukhuset"): single lower-case words are ordinary nouns far too often.
#include "geocode/edit_distance.hpp"
#include "geocode/fuzzy_street.hpp"
#include "geocode/matcher.hpp"
#include "geocode/morphology.hpp"

#include <algorithm>
#include <unordered_set>

namespace trygg::geocode::detail {

namespace {

// Single words that are names of places somewhere but ordinary nouns in prose.
bool is_generic_word(const std::string& key)
{
    static const std::unordered_set<std::string> generic = {
        "centrum", "torget", "torg", "parken", "park", "eken", "furan", "tallen", "bjorken", "rondellen",
        "skolan", "kyrkan", "stationen", "hamnen", "badet", "stranden", "garden", "huset", "hallen", "vaster",
        "oster", "norr", "soder", "attan", "insluss", "proban", "astar", "jensen", "hermods", "solglimten",
        "kokpunkten", "kulturskolan", "polisen", "staden", "kommunen", "sjukhuset", "skogen", "angen",
        // their stems (the same words in other forms)
        "skol", "kyrk", "station", "hamn", "bad", "strand", "gard", "hus", "hall", "polis", "stad", "kommun",
        "sjukhus", "skog", "ang", "rondell", "eke", "fur", "tall", "bjork"};
    return generic.count(key) > 0;
}

}  // namespace

std::vector<std::uint32_t> Matcher::fuzzy_place(const std::string& key) const
{
    std::vector<std::uint32_t> out;
    if (key.size() < GazetteerIndex::fuzzy_place_min || idx_.place_deletions.empty())
        return out;
    std::vector<std::uint64_t> hashes;
    deletion_hashes(key, 1, hashes);
    std::vector<std::uint32_t> seen;
    for (auto h : hashes) {
        auto it = std::lower_bound(idx_.place_deletions.begin(), idx_.place_deletions.end(), std::make_pair(h, 0u));
        for (; it != idx_.place_deletions.end() && it->first == h; ++it)
            seen.push_back(it->second);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (auto id : seen) {
        const auto& cand = idx_.place_keys[id];
        if (cand != key && osa_distance(key, cand, 1) == 1)
            out.push_back(id);
    }
    return out;
}

std::vector<Candidate> Matcher::search_text(const std::vector<Token>& text_words, bool streets) const
{
    std::vector<Candidate> out;
    // In prose a dot after a long word ends a sentence ("… på Malmaberg."): not an
    // abbreviation mark, which would read "Malmaberg." as "Malmabergatan".
    std::vector<Token> prose_words;
    if (streets) {
        prose_words = text_words;
        for (auto& w : prose_words)
            if (w.dot && w.text.size() >= 6)
                w.dot = false;
    }
    const auto& words = streets ? prose_words : text_words;
    std::size_t max_words = std::max(idx_.max_place_words, streets ? idx_.max_street_words : 1);
    // Stems once per word, when first needed (prose only).
    std::vector<std::string> stems(words.size());
    std::vector<bool> stemmed(words.size(), false);
    auto stem_of = [&](std::size_t k) -> const std::string& {
        if (!stemmed[k]) {
            stems[k] = words[k].kind == Token::Kind::word ? stem_word(words[k].text) : words[k].text;
            stemmed[k] = true;
        }
        return stems[k];
    };
    auto preceded_by = [&](std::size_t i, const std::string& key) {
        auto it = idx_.alias_not_after.find(key);
        if (it == idx_.alias_not_after.end() || i == 0)
            return false;
        auto prev = word_key(words[i - 1].text);
        return std::find(it->second.begin(), it->second.end(), prev) != it->second.end();
    };
    for (std::size_t i = 0; i < words.size();) {
        if (words[i].kind != Token::Kind::word) {
            ++i;
            continue;
        }
        const bool upper = words[i].capitalised();
        // Lower case: only a word that starts a name of several words or an alias.
        if (!upper && (!streets || !idx_.lower_case_starts.count(word_key(words[i].text)))) {
            ++i;
            continue;
        }
        std::size_t matched = 0;
        for (std::size_t len = std::min(max_words, words.size() - i); len >= 1 && !matched; --len) {
            std::vector<Token> span(words.begin() + static_cast<std::ptrdiff_t>(i),
                                    words.begin() + static_cast<std::ptrdiff_t>(i + len));
            auto key = name_key(span);
            if (key.size() < 4)
                continue;
            const bool alias = idx_.alias_not_after.count(key) > 0;
            // Lower case: aliases, and names of several words ("stora torget").
            if (!upper && !alias && (len < 2 || !std::all_of(span.begin(), span.end(), [](const Token& t) {
                                         return t.kind == Token::Kind::word;
                                     })))
                continue;
            if (len == 1 && !alias && is_generic_word(key))
                continue;
            if (alias && preceded_by(i, key))
                continue;  // "fördes till sjukhuset": not where it happened
            auto places = place_candidates(key);
            if (streets) {
                auto it = idx_.street_by_key.find(key);
                if (it != idx_.street_by_key.end()) {
                    int number = -1;
                    std::string letter;
                    if (i + len < words.size() && words[i + len].kind == Token::Kind::number &&
                        words[i + len].text.size() <= 4)
                        number = std::atoi(words[i + len].text.c_str());
                    for (auto gi : it->second) {
                        places.push_back(evaluate_number(idx_.streets[gi], number, letter));
                        places.back().key = key;
                    }
                }
                if (places.empty() && len <= 3) {
                    // Another form of the name: "Stora torgets", "Östermalms", "Vasaparken"
                    // (names of up to three words: longer spans are rarely names, and cost).
                    std::string joined;
                    for (std::size_t k = i; k < i + len; ++k)
                        joined += stem_of(k);
                    auto stem = word_key(joined);
                    auto st = idx_.place_by_stem.find(stem);
                    if (st != idx_.place_by_stem.end() && !(len == 1 && is_generic_word(stem)))
                        places = places_of(st->second, name_key(idx_.place(g_, st->second.front()).name), 0);
                }
                if (places.empty() && len == 1 && upper) {
                    // A compound whose head is a place type: "Hällamotet" is at Hälla.
                    for (const auto& mod : compound_modifiers(words[i])) {
                        auto it2 = idx_.place_by_key.find(mod);
                        if (it2 != idx_.place_by_key.end() && !is_generic_word(mod)) {
                            places = places_of(it2->second, mod, 1);
                            break;
                        }
                    }
                }
                if (places.empty() && len == 1 && upper) {
                    // A typo in a long name: one edit, scored lower.
                    for (auto id : fuzzy_place(key)) {
                        const auto& k = idx_.place_keys[id];
                        auto more = places_of(idx_.place_by_key.at(k), k, 1);
                        places.insert(places.end(), more.begin(), more.end());
                    }
                }
            }
            if (!places.empty()) {
                out.insert(out.end(), places.begin(), places.end());
                matched = len;
            }
        }
        // "Södra Ringvägen" unknown: not plain "Ringvägen" either (the direction names another
        // street); "Östra Malmaberg" is still in Malmaberg.
        i += matched                                                                            ? matched
             : is_direction_word(words[i]) && i + 1 < words.size() && is_street_like(words[i + 1]) ? 2
                                                                                                    : 1;
    }
    return out;
}

}  // namespace trygg::geocode::detail
