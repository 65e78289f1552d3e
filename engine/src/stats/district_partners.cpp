// SPDX-License-Identifier: MIT
#include "district_partners.hpp"

#include <algorithm>

namespace trygg::stats {

void DistrictPartners::reset(std::size_t n, const std::function<double(std::size_t)>& count)
{
    std::vector<double> rank(n);
    for (std::size_t d = 0; d < n; ++d) {
        const double cv = count(d);
        rank[d] = cv >= 1 ? cv : 1e18;  // as the old ranking: zero (and missing) counts last
    }
    order_.resize(n);
    for (std::size_t d = 0; d < n; ++d)
        order_[d] = static_cast<std::uint32_t>(d);
    std::sort(order_.begin(), order_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return rank[a] < rank[b] || (rank[a] == rank[b] && a < b); });
    pos_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        pos_[order_[i]] = static_cast<std::uint32_t>(i);
    next_.resize(n + 1);
    for (std::size_t i = 0; i <= n; ++i)
        next_[i] = static_cast<std::uint32_t>(i);
    withheld_.clear();
}

std::uint32_t DistrictPartners::alive_from(std::uint32_t i)
{
    std::uint32_t root = i;
    while (next_[root] != root)
        root = next_[root];
    while (next_[i] != root) {  // path compression
        const auto up = next_[i];
        next_[i] = root;
        i = up;
    }
    return root;
}

void DistrictPartners::withhold(std::size_t d)
{
    if (!withheld_.insert(static_cast<std::uint32_t>(d)).second)
        return;
    const auto p = pos_[d];
    next_[p] = p + 1;
}

void DistrictPartners::first(std::size_t keep, std::size_t skip, std::vector<std::size_t>& out)
{
    std::size_t taken = 0;
    for (auto it = withheld_.begin(); it != withheld_.end() && taken < keep; ++it)
        if (*it != skip) {
            out.push_back(*it);
            ++taken;
        }
    const auto end = static_cast<std::uint32_t>(order_.size());
    for (std::uint32_t i = alive_from(0); i < end && taken < keep; i = alive_from(i + 1))
        if (order_[i] != skip) {
            out.push_back(order_[i]);
            ++taken;
        }
}

}  // namespace trygg::stats
