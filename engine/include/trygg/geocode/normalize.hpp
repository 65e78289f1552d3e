// SPDX-License-Identifier: MIT
#pragma once
// Normalisation of Swedish address text: a tokenizer that keeps the pieces addresses are made
// of (numbers, letters, "S:t", abbreviation dots, "/"), the Swedish abbreviations, and the
// diacritic-insensitive matching key. UTF-8 checks and case folding are core/text.hpp's.
#include <string>
#include <string_view>
#include <vector>

namespace trygg::geocode {

// The matching key of one word: case folded, diacritics removed (å/ä -> a, ö -> o, é -> e,
// æ -> a, ø -> o), the ASCII spellings aa/ae/oe collapsed to a/a/o, and everything that is
// not a letter or digit dropped ("S:t" -> "st"). "Västerås", "Vasteras" and "Vaesteraas" all
// give "vasteras".
std::string word_key(std::string_view utf8_word);

struct Token {
    enum class Kind { word, number, slash, separator, dash, ampersand };
    Kind kind = Kind::word;
    std::string text;      // NFC, case folded; ':' kept inside words ("s:t")
    std::string raw;       // as written (NFC), for capitalisation checks and display
    bool dot = false;      // followed directly by '.' (an abbreviation mark)
    bool attached = false; // no space before it ("12B": "b" is attached to "12")
    bool capitalised() const;
};

// Splits text into tokens. Separators are ',', ';' and line breaks (segment ends); other
// punctuation and control characters separate words. Input must be valid UTF-8.
std::vector<Token> tokenize(std::string_view utf8);

// Expands Swedish abbreviations in the words of a street or place name (case-folded words,
// with their abbreviation dots): g./gt./gat. -> gatan, v. -> vägen, pl. -> platsen,
// gr. -> gränd (as a word or a suffix: "Vasag." -> "vasagatan"), St. -> stora and L. -> lilla
// (first word), S:t -> sankt, S:ta -> sankta, n:a -> norra, s:a -> södra, ö:a -> östra,
// v:a -> västra, G:la -> gamla.
std::vector<std::string> expand_abbreviations(const std::vector<Token>& words);

// Key of a street or place name: abbreviations expanded, words keyed and joined without
// spaces, so "Stor gatan", "Storgatan" and "STORG." share one key.
std::string name_key(const std::vector<Token>& words);
std::string name_key(std::string_view utf8_name);

}  // namespace trygg::geocode
