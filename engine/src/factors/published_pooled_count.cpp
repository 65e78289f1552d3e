// SPDX-License-Identifier: MIT
#include <trygg/factors/published_pooled_count.hpp>

#include <algorithm>
#include <cmath>

namespace trygg::factors {

PublishedPooledCounts published_pooled_counts(const stats::AggregateResult& r, int group,
                                              const std::vector<int>& periods)
{
    const auto n = r.district_count;
    PublishedPooledCounts out{std::vector<double>(n, 0.0), std::vector<char>(n, 0)};
    for (int p : periods) {
        double published = 0;
        std::vector<std::size_t> withheld;
        for (std::size_t d = 0; d < n; ++d) {
            const auto cell = r.find(static_cast<int>(d), p, group, 0, 0);
            if (!cell)
                continue;
            if (cell->suppressed) {
                withheld.push_back(d);
            } else if (std::isfinite(cell->count)) {
                published += cell->count;
                out.count[d] += cell->count;
            }
        }
        if (withheld.empty())
            continue;
        // Their sum: the total minus the published districts; with the total withheld too, the
        // middle of a withheld count's range (1..suppress_below-1).
        double sum = r.options.suppress_below / 2.0;
        const auto total = r.find(-1, p, group, 0, 0);
        if (total && !total->suppressed && std::isfinite(total->count))
            sum = std::max(0.0, total->count - published);
        const double each = sum / static_cast<double>(withheld.size());
        for (auto d : withheld) {
            out.count[d] += each;
            out.estimated[d] = 1;
        }
    }
    return out;
}

}  // namespace trygg::factors
