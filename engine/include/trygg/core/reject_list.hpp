// SPDX-License-Identifier: MIT
#pragma once
// The rejects of one incident source in row order: the reader's list, shared (not copied),
// merged with the rows a later stage set aside (e.g. assign's outside and not located).
#include <trygg/core/incident_table.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace trygg::core {

class RejectList {
public:
    RejectList() = default;
    // `shared` (may be null) is owned elsewhere and must outlive the list. Each list is put in
    // row order (a stable sort only when it is not already); on equal rows `shared` comes first.
    RejectList(const std::vector<Reject>* shared, std::vector<Reject> own);

    std::size_t size() const { return order_.size(); }
    bool empty() const { return order_.empty(); }
    const Reject& operator[](std::size_t i) const
    {
        const auto k = order_[i];
        return k < shared_size_ ? (*shared_)[k] : own_[k - shared_size_];
    }
    // The rows this stage set aside itself (row order).
    const std::vector<Reject>& own() const { return own_; }

    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Reject;
        using difference_type = std::ptrdiff_t;
        using pointer = const Reject*;
        using reference = const Reject&;
        iterator(const RejectList* list, std::size_t i) : list_(list), i_(i) {}
        reference operator*() const { return (*list_)[i_]; }
        pointer operator->() const { return &(*list_)[i_]; }
        iterator& operator++()
        {
            ++i_;
            return *this;
        }
        iterator operator++(int)
        {
            auto old = *this;
            ++i_;
            return old;
        }
        bool operator==(const iterator& o) const { return i_ == o.i_; }

    private:
        const RejectList* list_;
        std::size_t i_;
    };
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, order_.size()}; }

private:
    const std::vector<Reject>* shared_ = nullptr;
    std::size_t shared_size_ = 0;
    std::vector<Reject> own_;
    std::vector<std::size_t> order_;  // merged row order: < shared_size_ into shared_, else into own_
};

}  // namespace trygg::core
