// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/stats/level_suppression.hpp>

#include <cmath>
#include <limits>

namespace trygg::stats {

std::vector<PublishedShare> published_shares(const AggregateResult& result)
{
    std::vector<PublishedShare> out(result.groups.size() + 1);
    for (std::size_t k = 0; k < result.cells.size(); ++k) {
        const auto& c = result.cells[k];
        if (c.district < 0 || c.sex != 0 || c.age != 0 || !(result.true_counts[k] > 0))
            continue;
        for (auto* s : {&out[c.group], &out.back()}) {
            ++s->cells;
            s->published += !c.suppressed;
        }
    }
    return out;
}

int recommended_level(const std::vector<PublishedShare>& shares, double min_share)
{
    for (std::size_t l = 0; l < shares.size(); ++l)
        if (shares[l].share() >= min_share)
            return static_cast<int>(l);
    return -1;
}

}  // namespace trygg::stats
