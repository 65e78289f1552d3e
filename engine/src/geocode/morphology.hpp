// SPDX-License-Identifier: MIT
#pragma once
// Swedish word forms for place names in prose (private to the geocode module): the Snowball
// Swedish stemmer folds definite forms (-en, -et, -n), plurals and the genitive -s, so
// "Stortorget", "Stora torgets" and "Stora torget" share one stem key; compound heads that
// name a place type (-motet, -bron, -skolan, -torget, -parken, -centrum ...) are split off
// ("Hällamotet" -> "Hälla").
#include <trygg/geocode/normalize.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace trygg::geocode::detail {

// The Snowball Swedish stem of one case-folded word (thread-safe: one stemmer per thread).
std::string stem_word(std::string_view folded_word);

// The stem key of a name: every word stemmed, then keyed like name_key ("Stora torgets" and
// "Stortorget" -> "stortorg").
std::string stem_key(const std::vector<Token>& words);
std::string stem_key(std::string_view utf8_name);

// The part of a compound word before a place-type head, keyed: "Hällamotet" -> "halla",
// "Erikslundsskolan" -> {"erikslunds", "erikslund"} (with and without the linking s). Empty
// when the word ends in no place-type head or what is left is shorter than four letters.
std::vector<std::string> compound_modifiers(const Token& word);

}  // namespace trygg::geocode::detail
