#pragma once
// One disclosure plan over several reporting levels (DeSO and RegSO, delområden and
// kommundelar): a coarser level's count is the sum of the counts of the finer districts it
// holds, so a withheld fine cell could be had back by differencing a published coarse cell
// against the published fine cells in it.
//
// The plan: the finest level is suppressed as before (aggregate's hypercube method), but a
// primary cell's district partner must lie in another coarse district of every coarser level
// (or be the municipality): each withheld fine cell is then a corner of a cube whose ±1
// perturbation moves its coarse cell by ±1. A coarse cell is withheld exactly when a fine
// cell inside it is withheld (same period, group, sex and age band). So every published
// coarse cell is the sum of published fine cells (it tells nothing new), and every withheld
// coarse cell can move with a perturbation that keeps everything published: none is pinned.
#include <trygg/stats/aggregate.hpp>

#include <cstddef>
#include <functional>
#include <vector>

namespace trygg::stats {

// For AggregateOptions::district_partner_allowed: `parents[l][d]` is the district of coarse
// level l holding fine district d. A partner is accepted when it lies in another coarse
// district on every level.
std::function<bool(std::size_t, std::size_t)> partner_in_other_parent(std::vector<std::vector<int>> parents);

// Withholds in `coarse` (computed without suppression, on the same incidents, periods,
// groups and bands as `fine`) every cell holding a withheld cell of `fine`; the municipality
// row follows the fine municipality row. Change is hidden where either period is withheld.
// `parent[d]`: the coarse district of fine district d. Throws core::DataError when the two
// results do not have the same shape.
void withhold_from_finer(AggregateResult& coarse, const AggregateResult& fine, const std::vector<int>& parent);

// The cells that matter for a level: districts' (not the municipality's) alla × alla cells
// with a non-zero true count, over every period; and how many of them are published.
struct PublishedShare {
    std::size_t cells = 0;
    std::size_t published = 0;
    // 1 when there is no cell that matters (nothing to withhold).
    double share() const { return cells ? static_cast<double>(published) / static_cast<double>(cells) : 1.0; }
};

// Per crime group (in result.groups order), then all groups together (last).
std::vector<PublishedShare> published_shares(const AggregateResult& result);

// The finest level (index into `shares`, ordered finest first) whose share reaches
// `min_share`; -1 when none does.
int recommended_level(const std::vector<PublishedShare>& shares, double min_share);

}  // namespace trygg::stats
