// SPDX-License-Identifier: MIT
#pragma once
// Disclosure control for linked surfaces: counts on one set of cells where every surface's
// cells sum to a known total and, cell by cell, the surfaces are linked (for the grid: `alla`
// is at least each crime group and at most their sum, since a code may count in two groups).
// A withheld count in one surface and published counts in the others would let the cell's
// relations give it back, so all linked surfaces share ONE withheld mask.
//
// A surface (a line with a known total) is safe against an attacker who solves the linear
// relations with withheld values >= 0 (model A) and, guessing that withheld means non-empty,
// >= 1 (model B), when its withheld set W
//   - has at least two cells,
//   - has a positive remainder R = sum over W (unless the surface's total is 0: nothing to protect),
//   - and R != |W|: with R == |W| every withheld cell is pinned at 1 under model B (R < |W|
//     can only happen with withheld zeros and refutes model B's guess).
#include <cstddef>
#include <vector>

namespace trygg::stats {

// Whether one surface's withheld set is safe by the rules above: `remainder` = R, `withheld` =
// |W|, `total` = the surface's total over all its cells.
bool withheld_line_is_safe(double remainder, std::size_t withheld, double total);

// `surfaces` hold lattice-sized counts (all the same size); only the indices in `cells` are
// published. Returns one lattice-sized mask (1 = withheld in every surface). Primary: counts
// 1..threshold-1 in any surface. Secondary: while a surface is not safe, the cell that makes
// it safe at the least cost over all surfaces is added (the cost of a cell is the sum of its
// counts plus one half per surface), among cells with a count in that surface first and
// cells empty in it only when none fits (an empty partner protects against the relations,
// not against whoever knows the place is empty). threshold <= 1 withholds nothing.
std::vector<char> withhold_jointly(const std::vector<const std::vector<double>*>& surfaces,
                                   const std::vector<std::size_t>& cells, int threshold);

}  // namespace trygg::stats
