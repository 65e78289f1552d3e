// SPDX-License-Identifier: MIT
#pragma once
// Islands (units without a neighbour) made explicit: fail, keep them without neighbours (the
// statistics then leave them out and say so), or join each to its nearest unit.
#include <trygg/core/geometry.hpp>
#include <trygg/spatial/weights.hpp>

#include <string>
#include <vector>

namespace trygg::spatial {

enum class IslandPolicy { error, leave_out, nearest };
IslandPolicy parse_island_policy(const std::string& name);  // "error" | "leave_out" | "nearest"
std::string to_string(IslandPolicy p);

struct IslandOutcome {
    Weights weights;
    std::vector<std::size_t> islands;     // units that had no neighbour
    std::vector<std::string> messages;    // one warning line per island handled
};

// `centres` (one per unit) is used by the nearest policy. The error policy throws
// core::DataError naming every island by id.
IslandOutcome apply_island_policy(const Weights& weights, IslandPolicy policy,
                                  const std::vector<core::Point>& centres);

}  // namespace trygg::spatial
