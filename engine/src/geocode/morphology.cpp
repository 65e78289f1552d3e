// SPDX-License-Identifier: MIT
#include "geocode/morphology.hpp"

#include <libstemmer.h>

#include <memory>

namespace trygg::geocode::detail {

namespace {

struct StemmerDeleter {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// Place-type heads of Swedish compounds, keyed (å/ä/ö folded), longest first within a stem.
const char* const place_heads[] = {"motet",   "bron",      "skolan",   "skola",   "torget", "parken",
                                   "centrum", "kyrkan",    "badet",    "hallen",  "stationen", "hamnen",
                                   "gården",  "rondellen", "området",  "plan",    "leden",  "viken",
                                   "garden",  "omradet",   "idrottsplatsen", "ip"};

}  // namespace

namespace {

std::string snowball(std::string_view word)
{
    // A stemmer keeps its output buffer: one per thread keeps Geocoder::geocode thread-safe.
    thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(sb_stemmer_new("swedish", "UTF_8"));
    if (!stemmer || word.empty())
        return std::string(word);
    const auto* out = sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                                      static_cast<int>(word.size()));
    if (!out)
        return std::string(word);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer.get())));
}

bool ends_with(const std::string& s, std::string_view tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool ends_with_vowel_n(const std::string& s)
{
    static const char* vowels[] = {"a", "e", "i", "o", "u", "y", "\xC3\xA5", "\xC3\xA4", "\xC3\xB6"};  // å ä ö
    if (!ends_with(s, "n"))
        return false;
    auto body = s.substr(0, s.size() - 1);
    for (const char* v : vowels)
        if (ends_with(body, v))
            return true;
    return false;
}

}  // namespace

std::string stem_word(std::string_view folded_word)
{
    auto s = snowball(folded_word);
    // Snowball's Swedish stemmer leaves the definite -et ("torget", "Ängsgärdet") and -n after
    // a vowel ("Grytan", "Råbyn"): strip them and stem again, so both forms meet.
    if (s.size() >= 6 && ends_with(s, "et"))
        return snowball(s.substr(0, s.size() - 2));
    if (s.size() >= 5 && ends_with_vowel_n(s))
        return snowball(s.substr(0, s.size() - 1));
    return s;
}

std::string stem_key(const std::vector<Token>& words)
{
    std::string joined;
    for (const auto& w : expand_abbreviations(words))
        joined += stem_word(w);
    return word_key(joined);
}

std::string stem_key(std::string_view name)
{
    std::vector<Token> words;
    for (auto& t : tokenize(name))
        if (t.kind == Token::Kind::word || t.kind == Token::Kind::number)
            words.push_back(std::move(t));
    return stem_key(words);
}

std::vector<std::string> compound_modifiers(const Token& word)
{
    std::vector<std::string> out;
    auto key = word_key(word.text);
    for (const char* h : place_heads) {
        std::string head = word_key(h);
        if (key.size() < head.size() + 4 || key.compare(key.size() - head.size(), head.size(), head) != 0)
            continue;
        auto left = key.substr(0, key.size() - head.size());
        out.push_back(left);
        if (left.size() >= 5 && left.back() == 's')
            out.push_back(left.substr(0, left.size() - 1));  // the linking s: Erikslund-s-skolan
        break;
    }
    return out;
}

}  // namespace trygg::geocode::detail
