// SPDX-License-Identifier: MIT
#pragma once
// The alias catalogue (geodata/catalog/alias_<kommun>.csv): institution words as a
// municipality's texts use them ("sjukhuset", "resecentrum") standing for a gazetteer entry by
// name, or for coordinates with a note saying where they come from. Editable by hand.
#include <trygg/geocode/gazetteer.hpp>

#include <filesystem>
#include <string>

namespace trygg::geocode {

struct AliasLoadReport {
    std::size_t aliases = 0;  // rows naming a gazetteer entry (resolved when the gazetteer is built)
    std::size_t places = 0;   // rows with their own coordinates, added as places
};

// Columns (header row, any order): alias (required); target (a gazetteer entry's name) or
// x, y and crs with source (where the coordinates come from); optional not_after (words
// separated by '|' that, right before the alias, mean the text is not about the place:
// "till" in "fördes till sjukhuset"); optional kommun and note, for people. Coordinate rows
// become a new gazetteer source named after the file. Throws core::InputError naming the file,
// line and column for a malformed catalogue.
AliasLoadReport load_aliases(Gazetteer& gazetteer, const std::filesystem::path& path, const std::string& working_crs);

}  // namespace trygg::geocode
