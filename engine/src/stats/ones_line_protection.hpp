// SPDX-License-Identifier: MIT
#pragma once
// Private to stats: a guard after the hypercube suppression of aggregate.cpp. A district line
// (one period, group, sex and age: the districts summing to the municipality) whose withheld
// cells are all 1 is solved by anyone who knows withheld counts are at least 1: their sum (the
// total minus the published cells) equals their number. That happens when sex and age are
// unknown throughout (the register's rows), so the cube's other directions are copies of the
// district line. The guard, for lines whose withheld districts have unknown sex and age only, withholds, in such a line, the smallest published positive
// district together with all its positive cells of that period and group, until no line is
// all ones.
#include <cstddef>
#include <vector>

namespace trygg::core {
class CancelToken;
}

namespace trygg::stats {

// `counts` and `hidden` are indexed as aggregate's cells (district, period, group, sex, age);
// district nd-1 is the municipality. `cancel` (may be null) is checked before each pass over a
// period and group.
void protect_lines_of_ones(const std::vector<double>& counts, std::vector<char>& hidden, std::size_t nd,
                           std::size_t np, std::size_t ng, std::size_t ns, std::size_t na,
                           const core::CancelToken* cancel = nullptr);

}  // namespace trygg::stats
