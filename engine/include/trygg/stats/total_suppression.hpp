#pragma once
// Disclosure control for a list of counts whose only published relation is their total (the
// cells of one grid surface sum to the municipality's published count for that group and
// period). Primary: counts 1..threshold-1 are withheld. Secondary: a single withheld cell
// would equal the total minus the published cells, so a second cell is withheld with it (the
// smallest published positive count). With two or more withheld cells whose sum is positive,
// each can take a range of values consistent with the total: none can be solved for.
#include <cstddef>
#include <vector>

namespace trygg::stats {

// `counts` indexed by cell; only the indices in `cells` are published. Returns a flag per
// entry of `counts` (1 = withheld). threshold <= 1 withholds nothing.
std::vector<char> withhold_with_total(const std::vector<double>& counts, const std::vector<std::size_t>& cells,
                                      int threshold);

}  // namespace trygg::stats
