#include <trygg/stats/total_suppression.hpp>

namespace trygg::stats {

std::vector<char> withhold_with_total(const std::vector<double>& counts, const std::vector<std::size_t>& cells,
                                      int threshold)
{
    std::vector<char> hidden(counts.size(), 0);
    if (threshold <= 1)
        return hidden;
    std::size_t withheld = 0;
    for (std::size_t i : cells)
        if (counts[i] >= 1 && counts[i] < threshold) {
            hidden[i] = 1;
            ++withheld;
        }
    if (withheld != 1)
        return hidden;
    // The partner: the smallest published positive count (first in cell order on ties), so
    // the withheld sum stays positive and as little as possible is lost.
    const std::size_t none = counts.size();
    std::size_t partner = none;
    for (std::size_t i : cells)
        if (!hidden[i] && counts[i] >= 1 && (partner == none || counts[i] < counts[partner]))
            partner = i;
    if (partner != none)
        hidden[partner] = 1;
    else  // the only positive cell: the total itself is that count; withhold a zero cell too
        for (std::size_t i : cells)
            if (!hidden[i]) {
                hidden[i] = 1;
                break;
            }
    return hidden;
}

}  // namespace trygg::stats
