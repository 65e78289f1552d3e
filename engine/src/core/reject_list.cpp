// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/reject_list.hpp>

#include <algorithm>
#include <numeric>

namespace trygg::core {

RejectList::RejectList(const RejectRows* shared, RejectRows own)
    : shared_(shared), shared_size_(shared ? shared->size() : 0), own_(std::move(own))
{
    if (shared_size_ + own_.size() > UINT32_MAX)
        throw Error(ExitCode::internal, "more than 2^32 rejects in one source");
    // Both lists are normally in row order already (sorted only if not, e.g. features with
    // unordered ids), so a stable merge gives what a stable sort of the concatenation would.
    own_.sort_by_row();
    std::vector<std::uint32_t> first(shared_size_);
    std::iota(first.begin(), first.end(), std::uint32_t{0});
    const auto row = [&](std::uint32_t k) { return shared_->row(k); };
    if (!std::is_sorted(first.begin(), first.end(), [&](auto a, auto b) { return row(a) < row(b); }))
        std::stable_sort(first.begin(), first.end(), [&](auto a, auto b) { return row(a) < row(b); });
    order_.reserve(shared_size_ + own_.size());
    std::size_t a = 0, b = 0;
    while (a < first.size() || b < own_.size()) {
        // std::merge's rule: take from the second list only when strictly smaller.
        if (b < own_.size() && (a == first.size() || own_.row(b) < row(first[a])))
            order_.push_back(static_cast<std::uint32_t>(shared_size_ + b++));
        else
            order_.push_back(first[a++]);
    }
}

}  // namespace trygg::core
