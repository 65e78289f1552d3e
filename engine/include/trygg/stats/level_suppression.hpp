// SPDX-License-Identifier: MIT
#pragma once
// One disclosure plan over several reporting levels (DeSO and RegSO, delområden and
// kommundelar): a coarser level's count is the sum of the counts of the finer districts it
// holds, so a withheld fine cell could be had back by differencing a published coarse cell
// against the published fine cells in it.
//
// The plan (plan_levels) extends aggregate's hypercube method to all levels together: every
// withheld cell must be moved by a ±1 perturbation that keeps every published number on
// every level and every count >= 0. A perturbation is always a cube of finest-level cells;
// on a coarser level it moves the coarse cells whose finest cells it moves by a net non-zero
// amount, and those are withheld with it. So
//   - a small finest cell gets a cube, preferably with a partner district in the same coarse
//     district (the coarse sums do not move and stay published);
//   - a small coarse cell no cube has moved gets a cube on its own level, lifted to one
//     finest district inside each coarse district it spans;
// and among the fitting cubes the one withholding the least (count + 1/2 per newly withheld
// cell, on every level) is taken. Each withheld value can then take two values consistent with
// everything published: none can be solved for.
#include <trygg/stats/aggregate.hpp>

#include <cstddef>
#include <vector>

namespace trygg::stats {

// Withheld masks (parallel to the results' cells): the finest level's, then each level's.
// `levels[l]` is counted on the same incidents, periods, groups and bands as `finest`, and
// `parents[l][d]` is the district of level l holding finest district d. Counts 1..threshold-1
// on any level are primary.
std::vector<std::vector<char>> plan_levels(const AggregateResult& finest, const std::vector<const AggregateResult*>& levels,
                                           const std::vector<std::vector<int>>& parents, int threshold);

// Several period lengths (issue 15, part periods): time is one more nesting dimension. A year's
// count is the sum of its half-years', as a RegSO's is the sum of its DeSOs'. `tables[l][t]` is
// level l (0: the finest districts) counted at period length t (0: the finest length); every
// table is counted on the same incidents, groups and bands. `parents[l - 1][d]` is the district
// of level l holding finest district d, `period_parents[t - 1][p]` the period of length t
// holding finest period p. A cube may now also span two finest periods inside one coarsest
// period (signs flipped between them, so the coarser periods holding both do not move); a
// small cell of a coarser length no cube moved gets a cube inside one of its finest periods.
// Returns the withheld masks [l][t]. With one length this is plan_levels.
std::vector<std::vector<std::vector<char>>> plan_levels_and_lengths(
    const std::vector<std::vector<const AggregateResult*>>& tables, const std::vector<std::vector<int>>& parents,
    const std::vector<std::vector<int>>& period_parents, int threshold);

// The guard after the plan against the attacker who reads "withheld" as "at least 1" (model B
// of tests/attack; model A is checked too). Its lines are the union over levels × lengths × sex
// × age of every additive relation the tables publish: districts to the whole, sexes to "alla",
// age bands to "alla", finest districts to the coarser district holding them, shorter periods to
// the longer one holding them. Integer bounds are propagated through all of them at once (so a
// chain of lines counts, and withheld zeros are taken as >= 1 in model B, as the attacker does);
// a block (coarsest period × group) holding a pinned withheld value has every district cell
// withheld on every level and length (the municipal cells stay), and a block still pinned then
// goes whole. Sparse registers (all sexes and ages unknown) and known sexes and ages under a
// second level both make such blocks; the cube plan alone leaves them solvable.
void withhold_blocks_with_lines_of_ones(const std::vector<std::vector<const AggregateResult*>>& tables,
                                        const std::vector<std::vector<int>>& parents,
                                        const std::vector<std::vector<int>>& period_parents,
                                        std::vector<std::vector<std::vector<char>>>& masks);

// The same guard for one length (plan_levels' masks: the finest level's, then each level's).
void withhold_blocks_with_lines_of_ones(const AggregateResult& finest, const std::vector<const AggregateResult*>& levels,
                                        const std::vector<std::vector<int>>& parents,
                                        std::vector<std::vector<char>>& masks);

// Withholds the `hidden` cells of `result` (count and rates), and change where either period is.
void withhold_cells(AggregateResult& result, const std::vector<char>& hidden);

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
