// SPDX-License-Identifier: MIT
#pragma once
// Fingerprint of a set of incidents, independent of row order: the release ledger compares a
// re-published period's fingerprint with the one it recorded. Each record contributes a
// SHA-256 of its identity and of the fields that decide its cells (time, category, groups,
// location, sex, age), summed in two 64-bit lanes, so inserting, removing or changing one
// record changes it while reordering rows does not.
//
// The record identity is core::record_identity (the `id` field, else a hash of the record's
// content as read; never the row number), the same identity cell-key noise is keyed on.
#include <trygg/core/incident_table.hpp>

#include <cstdint>
#include <string>

namespace trygg::pipeline {

class IncidentFingerprint {
public:
    void add(const core::IncidentTable& table, std::size_t i);
    std::uint64_t count() const { return count_; }
    // 32 hex digits (both lanes); the same for the same multiset of records.
    std::string hex() const;

private:
    std::uint64_t lane_[2] = {0, 0};
    std::uint64_t count_ = 0;
};

}  // namespace trygg::pipeline
