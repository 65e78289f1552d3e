// SPDX-License-Identifier: MIT
#pragma once
// A record's stable identity, for cell-key record keys (stats/cell_key.hpp) and fingerprints of
// incident sets: its `id` when the source maps one and the row has it, else a hash of the
// record's own content as read: time, category text, coordinates in the source's CRS (or the
// area code), address, sex and age. Never the row number: inserting, deleting or reordering
// rows changes no other record's identity. Two rows without id that are identical in all of
// those fields (a double registration) share one identity.
#include <trygg/core/incident_table.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trygg::core {

// Hashes a record's fields in a fixed order: each field is typed and length-prefixed, so
// ("ab", "c") and ("a", "bc") differ. The first 8 bytes of SHA-256 over that encoding.
class RecordContentHash {
public:
    RecordContentHash& text(std::string_view s);
    RecordContentHash& integer(std::int64_t v);
    RecordContentHash& number(double v);  // 0 and -0 alike, every NaN alike
    std::uint64_t finish() const;

private:
    std::string bytes_;
};

// The content hash of record i from the table's columns, for tables not built by the reader
// (which stores the hash of each row as read in `content_hash`).
std::uint64_t content_hash_of(const IncidentTable& t, std::size_t i);

// "id:<id>" when record i has a non-empty id, else "content:<16 hex digits>".
std::string record_identity(const IncidentTable& t, std::size_t i);

}  // namespace trygg::core
