// SPDX-License-Identifier: MIT
#pragma once
// Realistic noise for Swedish address strings, for the geocoder benchmark: typos (swapped,
// dropped, doubled letter), abbreviations (Storg., S:t, N:a, St., L., G:la, v., gr., pl.),
// a missing or separated letter (12 for 12B, 12 B, 12b), missing diacritics or aa/ae/oe,
// upper/lower case, extra words (utanför, vid, lgh 1203, uppgång B, (på gården)), split
// names (Stor gatan) and an appended postcode and town. Deterministic for a seed.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace trygg::bench {

struct AddressParts {
    std::string street;
    int number = 0;
    std::string letter;
    std::string postcode;  // five digits or ""
    std::string town;
};

std::string clean_address(const AddressParts& a);

class AddressNoise {
public:
    explicit AddressNoise(std::uint64_t seed) : rng_(seed) {}
    // One to `max_ops` noise operations; `applied` lists their names.
    std::string noisy(const AddressParts& a, int max_ops, std::vector<std::string>* applied = nullptr);
    // Only a typo in the street name (for the fuzzy-matching benchmark).
    std::string typo_only(const AddressParts& a);

private:
    std::string typo(const std::string& utf8);
    std::mt19937_64 rng_;
};

}  // namespace trygg::bench
