// SPDX-License-Identifier: MIT
#include <trygg/stats/total_suppression.hpp>

namespace trygg::stats {

std::vector<char> withhold_with_total(const std::vector<double>& counts, const std::vector<std::size_t>& cells,
                                      int threshold)
{
    std::vector<char> hidden(counts.size(), 0);
    if (threshold <= 1)
        return hidden;
    std::size_t withheld = 0;
    double remainder = 0;
    for (std::size_t i : cells)
        if (counts[i] >= 1 && counts[i] < threshold) {
            hidden[i] = 1;
            ++withheld;
            remainder += counts[i];
        }
    // Safe: two or more withheld cells whose sum is more than their number (so it is positive,
    // and not every cell is pinned at 1 when withheld cells are taken to be at least 1).
    if (withheld == 0 || (withheld >= 2 && remainder > static_cast<double>(withheld)))
        return hidden;
    // The partner: the smallest published positive count that makes the line safe (first in
    // cell order on ties), so as little as possible is lost; a zero only when no positive
    // count fits.
    const std::size_t none = counts.size();
    std::size_t partner = none;
    auto fits = [&](std::size_t i) { return remainder + counts[i] > static_cast<double>(withheld + 1); };
    for (std::size_t i : cells)
        if (!hidden[i] && counts[i] >= 1 && fits(i) && (partner == none || counts[i] < counts[partner]))
            partner = i;
    if (partner == none)
        for (std::size_t i : cells)
            if (!hidden[i] && fits(i)) {
                partner = i;
                break;
            }
    if (partner != none) {
        hidden[partner] = 1;
        return hidden;
    }
    for (std::size_t i : cells)  // only zeros and ones besides: the line is withheld whole
        hidden[i] = 1;
    return hidden;
}

}  // namespace trygg::stats
