// SPDX-License-Identifier: MIT
#pragma once
// Bounded optimal-string-alignment distance (Levenshtein + adjacent transposition) and the
// deletion neighbourhood used to find fuzzy candidates without comparing against every key.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::geocode::detail {

// Distance between a and b, or max_distance + 1 when it exceeds max_distance.
int osa_distance(std::string_view a, std::string_view b, int max_distance);

// Every string obtained by deleting up to `depth` (0..2) bytes of `key` (including key itself),
// unique.
std::vector<std::string> deletion_neighbourhood(std::string_view key, int depth);
// Hashes (hash_key) of the same strings, computed without building them; may repeat.
void deletion_hashes(std::string_view key, int depth, std::vector<std::uint64_t>& out);

// Depth of the deletion neighbourhoods (the largest bound below).
constexpr int max_edits = 2;

// The largest edit distance accepted for a key of this length (longer names tolerate more).
inline int max_edits_for(std::size_t key_length)
{
    if (key_length < 5)
        return 0;
    if (key_length < 9)
        return 1;
    return 2;
}

}  // namespace trygg::geocode::detail
