// SPDX-License-Identifier: MIT
#pragma once
// The district partners a primary cell's suppression cube tries (aggregate.cpp): within one
// line (period, group, sex, age) the districts already withheld, then the smallest positive
// counts, then the rest, each tie by district index; the first few of them. Kept in rank order
// as cells are withheld, instead of ranking every district again for every primary cell, which
// made suppression quadratic in the number of districts (50,000 districts never finished
// aggregating, issue 21). The order is exactly the old ranking's.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

namespace trygg::stats {

class DistrictPartners {
public:
    // The line's districts 0..n-1 with their counts; none withheld.
    void reset(std::size_t n, const std::function<double(std::size_t)>& count);
    // District d (< n) is now withheld: it ranks first from now on.
    void withhold(std::size_t d);
    // Appends the first `keep` districts other than `skip`, in rank order.
    void first(std::size_t keep, std::size_t skip, std::vector<std::size_t>& out);

private:
    std::uint32_t alive_from(std::uint32_t i);

    std::vector<std::uint32_t> order_;  // districts not withheld at reset, by (rank, index)
    std::vector<std::uint32_t> pos_;    // district -> position in order_
    std::vector<std::uint32_t> next_;   // union-find: the first alive position at or after i
    std::set<std::uint32_t> withheld_;
};

}  // namespace trygg::stats
