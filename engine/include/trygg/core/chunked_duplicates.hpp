// SPDX-License-Identifier: MIT
#pragma once
// Duplicate records (core/duplicate_records.hpp) across a register read in chunks, for a count
// that drops each chunk once it is counted (issue 20, bounded memory). The records of earlier
// chunks are gone, so each kept record leaves one 16-byte entry: a 64-bit key (a hash of its
// id, or of its content when it has none), 32 bits of a hash of its content and its source
// row, in one list sorted by key. A chunk finds its repeats among the earlier chunks' entries
// and its own records, in row order: the same repeats as find_duplicate_records on the whole
// table (exact: the earliest kept record with the same id and content; conflicting: the
// earliest record with the id), up to a hash collision (64-bit keys, as record identities in
// core/record_identity.hpp). A conflict's first differing field is not named: the record it
// would be compared with is gone.
#include <trygg/core/incident_table.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trygg::core {

class ChunkedDuplicates {
public:
    // A repeat in a chunk: `index` into the chunk, `first_row` the source row of the record it
    // repeats (RepeatedRecord::first as a row: that record may be in an earlier chunk).
    struct Repeat {
        std::size_t index = 0;
        std::uint64_t first_row = 0;
        friend bool operator==(const Repeat&, const Repeat&) = default;
    };
    struct ChunkScan {
        std::vector<Repeat> exact;        // in chunk order
        std::vector<Repeat> conflicting;  // in chunk order
    };

    // `expected_records`: about the records of the whole register (the list is sized once;
    // growing it by doubling would hold two copies at once).
    explicit ChunkedDuplicates(std::size_t expected_records = 0);

    // The repeats of `chunk`, whose records follow every earlier chunk's in the source. Chunks
    // must be given in source order, each once.
    ChunkScan add(const IncidentTable& chunk);
    // Distinct non-empty ids on more than one record so far (DuplicateScan::repeated_ids).
    std::size_t repeated_ids() const;
    // Kept records remembered (16 bytes each).
    std::size_t entries() const { return entries_.size(); }

private:
    struct Entry {
        std::uint64_t key = 0;
        std::uint32_t content = 0;
        std::uint32_t row = 0;
    };
    static_assert(sizeof(Entry) == 16);
    std::vector<Entry> entries_;  // sorted by key, then row
    std::vector<Entry> own_, sort_buffer_;  // a chunk's entries while it is scanned
    void sort_by_key(std::vector<Entry>& entries);
    std::vector<std::uint64_t> repeated_id_keys_;
};

// A 64-bit hash of the fields find_duplicate_records compares (first_content_difference):
// time and clock, category, location (status; coordinates when located), area code (its
// text, so that chunks with their own code lists agree), address, sex and age.
std::uint64_t compared_content_hash(const IncidentTable& t, std::size_t i);

}  // namespace trygg::core
