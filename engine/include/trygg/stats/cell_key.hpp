// SPDX-License-Identifier: MIT
#pragma once
// Cell-key noise (the ABS/SCB "cell key method"), an alternative to suppression: every
// incident gets a pseudo-random record key from a secret and its stable identity
// (core/record_identity.hpp: the id, else a hash of the record's content; never its row); a
// cell's key is the sum of its records' keys (mod 2^32). The key picks a small perturbation
// from a fixed table:
//   count 0:   0 (an empty cell stays empty: no records, no key)
//   count 1:   −1, 0, +1, +2 with probabilities 0.30, 0.45, 0.20, 0.05
//   count ≥ 2: −2, −1, 0, +1, +2 with probabilities 0.05, 0.20, 0.50, 0.20, 0.05
// Each row has mean 0 (unbiased) and no result is negative; the variance is 0.8 for counts
// ≥ 2 and 0.7 for 1.
//
// Consistency across tables and releases: a cell's noise depends only on the secret and the
// set of records in the cell. The same records give the same cell key and so the same noise in
// every table that holds that cell (another age banding, another stage, another run) and in
// every release made with the same secret: re-running or re-publishing adds nothing an
// attacker could average away. Inserting, deleting or reordering other rows changes no record's
// key, so only cells that contain a changed record get new noise. Totals and margins are keyed
// on their own records (all records of the total), so published tables are not exactly
// additive, which protects them from differencing. Two identical rows without id share a key
// (the cell key adds it twice). Keep the secret fixed and private: with a new secret every cell
// is drawn again, and two releases of the same cells with different secrets could be averaged.
#include <array>
#include <cstdint>
#include <string_view>

namespace trygg::stats {

constexpr int cell_key_max_perturbation = 2;

// The secret every record key derives from. From the secret's text only its SHA-256 digest is
// kept (a 256-bit key); record keys are HMAC-SHA-256 of the record's identity under that key,
// so they cannot be predicted, nor the secret recovered, from published counts and known ids.
class CellKeySecret {
public:
    CellKeySecret() = default;  // unset: no record key can be drawn
    static CellKeySecret from_text(std::string_view text);
    bool is_set() const { return set_; }
    bool operator==(const CellKeySecret&) const = default;

private:
    friend std::uint32_t record_key(const CellKeySecret& secret, std::string_view identity);
    std::array<unsigned char, 32> key_{};
    bool set_ = false;
};

// The record key of one incident from its identity (core::record_identity). Throws
// std::logic_error for an unset secret.
std::uint32_t record_key(const CellKeySecret& secret, std::string_view identity);

// The perturbation for a cell with `count` records and cell key `key` (sum of record keys).
int cell_key_perturbation(double count, std::uint32_t key);

}  // namespace trygg::stats
