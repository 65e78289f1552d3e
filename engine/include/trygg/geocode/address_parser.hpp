// SPDX-License-Identifier: MIT
#pragma once
// Parsing of one Swedish address text into its parts: street, number, letter, entrance
// (uppgång), lägenhet, postcode, postal town, c/o line, and the two streets of an
// intersection ("Kopparbergsvägen/Vasagatan", "X och Y", "korsningen X Y").
#include <trygg/geocode/normalize.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace trygg::geocode {

struct ParsedAddress {
    std::vector<Token> street;        // words of the street or place name, as tokenized
    std::vector<Token> cross_street;  // second street of an intersection (may be empty when
                                      // the split is left to the matcher: "korsningen X Y")
    bool intersection = false;
    int number = -1;                  // -1: none
    std::string letter;               // upper case, "" when none ("12B", "12 b" -> "B")
    std::string entrance;             // "uppgång 2" -> "2"
    std::string apartment;            // "lgh 1102" -> "1102"
    std::string postcode;             // five digits, "722 12" -> "72212"
    std::string town;                 // postal town as written (folded)
    std::string care_of;              // the c/o line, removed from the address
    std::vector<Token> leading;       // filler words before the street ("utanför", "vid")
    std::vector<Token> trailing;      // words after the number that are not parts above
    std::vector<Token> all_words;     // every word of the text, for place-name search

    bool empty() const { return street.empty() && number < 0 && postcode.empty() && town.empty(); }
    // Street words with abbreviations expanded, joined by spaces ("st. nygatan" -> "stora nygatan").
    std::string street_name() const;
    std::string cross_street_name() const;
};

// Input must be valid UTF-8 (see text_encoding.hpp). Never throws on odd input: what cannot
// be placed ends up in `trailing`/`leading`.
ParsedAddress parse_address(std::string_view utf8);

}  // namespace trygg::geocode
