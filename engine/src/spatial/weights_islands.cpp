// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/spatial/weights_islands.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace trygg::spatial {

IslandPolicy parse_island_policy(const std::string& name)
{
    if (name == "error")
        return IslandPolicy::error;
    if (name == "leave_out")
        return IslandPolicy::leave_out;
    if (name == "nearest")
        return IslandPolicy::nearest;
    throw std::invalid_argument("unknown island policy '" + name + "' (expected error, leave_out or nearest)");
}

std::string to_string(IslandPolicy p)
{
    switch (p) {
    case IslandPolicy::error: return "error";
    case IslandPolicy::leave_out: return "leave_out";
    case IslandPolicy::nearest: return "nearest";
    }
    return "error";
}

IslandOutcome apply_island_policy(const Weights& weights, IslandPolicy policy, const std::vector<core::Point>& centres)
{
    IslandOutcome out;
    out.islands = weights.islands();
    if (out.islands.empty()) {
        out.weights = weights;
        return out;
    }
    std::string names;
    for (std::size_t k = 0; k < out.islands.size(); ++k)
        names += (k ? ", " : "") + weights.id(out.islands[k]);
    if (policy == IslandPolicy::error)
        throw core::DataError("weights: " + std::to_string(out.islands.size()) +
                              " unit(s) without neighbours (islands): " + names +
                              "; set \"islands\" to \"leave_out\" or \"nearest\", or use a distance band");
    if (policy == IslandPolicy::leave_out) {
        for (auto i : out.islands)
            out.messages.push_back("unit " + weights.id(i) +
                                   " has no neighbours; it is left out of the local statistics (values NaN)");
        out.weights = weights;
        return out;
    }
    if (centres.size() != weights.size())
        throw std::invalid_argument("island policy nearest needs one centre per unit");
    if (weights.size() < 2)
        throw core::DataError("weights: a single unit has no possible neighbour");
    std::vector<NeighbourList> lists(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i) {
        auto nb = weights.neighbours(i);
        auto wt = weights.weights(i);
        for (std::size_t k = 0; k < nb.size(); ++k)
            lists[i].emplace_back(nb[k], wt[k]);
    }
    auto link = [&](std::size_t a, std::size_t b) {
        for (auto& [j, w] : lists[a])
            if (j == b)
                return;
        lists[a].emplace_back(static_cast<std::uint32_t>(b), 1.0);
    };
    for (auto i : out.islands) {
        std::size_t best = i;
        double best_d = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < weights.size(); ++j) {
            if (j == i)
                continue;
            const double d = std::hypot(centres[i].x - centres[j].x, centres[i].y - centres[j].y);
            if (d < best_d) {  // strict: the lowest index wins a tie
                best_d = d;
                best = j;
            }
        }
        link(i, best);
        link(best, i);
        out.messages.push_back("unit " + weights.id(i) + " has no neighbours; joined to its nearest unit " +
                               weights.id(best));
    }
    out.weights = Weights::from_lists(std::move(lists), weights.style(), weights.ids());
    return out;
}

}  // namespace trygg::spatial
