// SPDX-License-Identifier: MIT
#pragma once
// Private to stats: the secondary suppression of aggregate's count cube by the hypercube method
// (see hypercube_suppression.cpp).
#include <cstddef>
#include <vector>

namespace trygg::core {
class CancelToken;
}

namespace trygg::stats {

// The cube's extents: districts (the last is the municipality), periods, crime groups, sexes
// (0 is "alla"), age labels (0 is "alla"); cells are indexed (((d·np + p)·ng + g)·ns + s)·na + a.
struct CubeShape {
    std::size_t districts, periods, groups, sexes, ages;
};

// Which cells to withhold (1) for counts 1..threshold-1 and their secondary cells. Each period
// and crime group is an independent table, searched on up to `threads` threads (0: all cores);
// the pattern does not depend on the thread count. `cancel` (may be null) is checked every 64
// districts.
std::vector<char> hypercube_suppression(const std::vector<double>& counts, const CubeShape& shape, int threshold,
                                        unsigned threads, const core::CancelToken* cancel);

}  // namespace trygg::stats
