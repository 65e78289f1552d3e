// SPDX-License-Identifier: MIT
#include <trygg/core/reject_list.hpp>

#include <algorithm>
#include <numeric>

namespace trygg::core {

RejectList::RejectList(const std::vector<Reject>* shared, std::vector<Reject> own)
    : shared_(shared), shared_size_(shared ? shared->size() : 0), own_(std::move(own))
{
    const auto by_row = [](const Reject& a, const Reject& b) { return a.row < b.row; };
    // Both lists are normally in row order already (sorted only if not, e.g. features with
    // unordered ids), so a stable merge gives what a stable sort of the concatenation would.
    if (!std::is_sorted(own_.begin(), own_.end(), by_row))
        std::stable_sort(own_.begin(), own_.end(), by_row);
    std::vector<std::size_t> first(shared_size_);
    std::iota(first.begin(), first.end(), std::size_t{0});
    if (shared_ && !std::is_sorted(shared_->begin(), shared_->end(), by_row))
        std::stable_sort(first.begin(), first.end(),
                         [&](std::size_t a, std::size_t b) { return (*shared_)[a].row < (*shared_)[b].row; });
    order_.reserve(shared_size_ + own_.size());
    std::size_t a = 0, b = 0;
    while (a < first.size() || b < own_.size()) {
        // std::merge's rule: take from the second list only when strictly smaller.
        if (b < own_.size() && (a == first.size() || own_[b].row < (*shared_)[first[a]].row))
            order_.push_back(shared_size_ + b++);
        else
            order_.push_back(first[a++]);
    }
}

}  // namespace trygg::core
