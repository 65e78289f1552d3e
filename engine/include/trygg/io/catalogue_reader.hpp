// SPDX-License-Identifier: MIT
#pragma once
// Reads a catalogue file (the crime catalogue, the indicator catalogue: CSV, or any table GDAL
// reads) into plain rows that stats and factors interpret; they read no files themselves.
#include <trygg/core/record_rows.hpp>

#include <string>

namespace trygg::io {

// must_match_header: a CSV row with more or fewer cells than the header carries a problem.
// may_differ: short rows are padded with "" and long rows kept, without a problem (the
// indicator catalogue lets a row leave out its trailing optional cells).
enum class RowWidth { must_match_header, may_differ };

// Throws core::InputError for a missing or unreadable file. Malformed rows carry a problem
// instead of being dropped.
core::RecordRows read_catalogue(const std::string& path, RowWidth width = RowWidth::must_match_header);

}  // namespace trygg::io
