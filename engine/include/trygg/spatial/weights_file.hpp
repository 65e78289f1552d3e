// SPDX-License-Identifier: MIT
#pragma once
// GAL and GWT weights files (the GeoDa/PySAL formats).
// GAL: a header line `n` or `0 n name key`, then per unit a line `id k` and a line with its k
// neighbour ids. GWT: header `0 n name key` (or `n`), then one `i j w` line per link.
// Ids are 1-based record numbers unless the header names a key field; then they are values
// of that field and `record_ids` (the key value of each record, in record order) places them.
// With an unkeyed header, `record_ids` (when given) only label the units.
#include <trygg/spatial/weights.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace trygg::spatial {

// Throws core::InputError "<file>:<line>: ..." for a malformed line, an id that is not a
// record (unknown id), a unit listed twice, or a count that does not match the records.
// Without `record_ids` and with a keyed header, units are taken in file order.
Weights read_gal(const std::filesystem::path& path, const std::vector<std::string>& record_ids = {});
Weights read_gwt(const std::filesystem::path& path, const std::vector<std::string>& record_ids = {});

// Writes ids when the weights carry ids (header `0 n <name> <key>`), else 1-based numbers
// (header `n`). GAL drops the weight values (it is binary); GWT keeps them.
void write_gal(const Weights& weights, const std::filesystem::path& path, const std::string& key = "id");
void write_gwt(const Weights& weights, const std::filesystem::path& path, const std::string& key = "id");

}  // namespace trygg::spatial
