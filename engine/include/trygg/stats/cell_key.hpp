#pragma once
// Cell-key noise (the ABS/SCB "cell key method"), an alternative to suppression: every
// incident gets a pseudo-random record key from a secret and its id; a cell's key is the sum
// of its records' keys (mod 2^32), so the same set of incidents gets the same key, and thus
// the same noise, in every table and every run. The key picks a small perturbation from a
// fixed table:
//   count 0:   0 (an empty cell stays empty: no records, no key)
//   count 1:   −1, 0, +1, +2 with probabilities 0.30, 0.45, 0.20, 0.05
//   count ≥ 2: −2, −1, 0, +1, +2 with probabilities 0.05, 0.20, 0.50, 0.20, 0.05
// Each row has mean 0 (unbiased) and no result is negative; the variance is 0.8 for counts
// ≥ 2 and 0.7 for 1. Totals are perturbed from their own keys, so published tables are not
// exactly additive, which is what protects them from differencing.
#include <cstdint>
#include <string_view>

namespace trygg::stats {

constexpr int cell_key_max_perturbation = 2;

// The record key of one incident (its id, or its source row when it has none).
std::uint32_t record_key(std::uint64_t secret, std::string_view id);

// The perturbation for a cell with `count` records and cell key `key` (sum of record keys).
int cell_key_perturbation(double count, std::uint32_t key);

}  // namespace trygg::stats
