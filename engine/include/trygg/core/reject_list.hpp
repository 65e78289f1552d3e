// SPDX-License-Identifier: MIT
#pragma once
// The rejects of one incident source in row order: the reader's list, shared (not copied),
// merged with the rows a later stage set aside (e.g. assign's outside and not located).
#include <trygg/core/reject_rows.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace trygg::core {

class RejectList {
public:
    RejectList() = default;
    // `shared` (may be null) is owned elsewhere and must outlive the list. Each list is put in
    // row order (a stable sort only when it is not already); on equal rows `shared` comes first.
    RejectList(const RejectRows* shared, RejectRows own);

    std::size_t size() const { return order_.size(); }
    bool empty() const { return order_.empty(); }
    RejectView operator[](std::size_t i) const
    {
        const std::size_t k = order_[i];
        return k < shared_size_ ? (*shared_)[k] : own_[k - shared_size_];
    }
    // Row i's bucket, field and reason: {RejectRows::kind, whether it is from the shared list}
    // (each list numbers its own texts). Equal kinds, equal texts.
    std::pair<std::uint64_t, bool> kind(std::size_t i) const
    {
        const std::size_t k = order_[i];
        return k < shared_size_ ? std::pair{shared_->kind(k), true} : std::pair{own_.kind(k - shared_size_), false};
    }
    // The rows this stage set aside itself (row order).
    const RejectRows& own() const { return own_; }
    const RejectRows* shared() const { return shared_; }

    IndexIterator<RejectList> begin() const { return {this, 0}; }
    IndexIterator<RejectList> end() const { return {this, order_.size()}; }

private:
    const RejectRows* shared_ = nullptr;
    std::size_t shared_size_ = 0;
    RejectRows own_;
    // Merged row order: < shared_size_ into shared_, else into own_ (4 bytes a reject).
    std::vector<std::uint32_t> order_;
};

}  // namespace trygg::core
