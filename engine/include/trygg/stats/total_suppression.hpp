// SPDX-License-Identifier: MIT
#pragma once
// Disclosure control for a list of counts whose only published relation is their total (the
// 24 hours or 7 weekdays of a meeting place sum to its published count). Primary: counts
// 1..threshold-1 are withheld. Secondary: a single withheld cell would equal the total minus
// the published cells, so a second cell is withheld with it (the smallest published positive
// count). And since zeros are published, an attacker may take "withheld" to mean "at least
// 1": withheld cells that are all 1 (remainder == number withheld) would each be pinned at
// 1, so a partner of 2 or more goes with them. With two or more withheld cells whose sum is
// positive and more than their number, each can take a range of values consistent with the
// total under either reading: none can be solved for. When no partner fits (the line holds
// only zeros and ones beside the withheld cells), every cell of the line is withheld.
#include <cstddef>
#include <vector>

namespace trygg::stats {

// `counts` indexed by cell; only the indices in `cells` are published. Returns a flag per
// entry of `counts` (1 = withheld). threshold <= 1 withholds nothing.
std::vector<char> withhold_with_total(const std::vector<double>& counts, const std::vector<std::size_t>& cells,
                                      int threshold);

}  // namespace trygg::stats
