// SPDX-License-Identifier: MIT
#pragma once
// A column that copies share: copying it copies a pointer, and the first change through one
// copy gives that copy its own data (copy on write). Stages that return an updated copy of a
// table (geocode) then copy only the columns they change. Read through a const reference to
// avoid the copy: non-const access (operator[], begin, data, ...) assumes a change is coming.
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace trygg::core {

template <class T>
class SharedColumn {
public:
    using value_type = T;
    using size_type = std::size_t;
    using iterator = typename std::vector<T>::iterator;
    using const_iterator = typename std::vector<T>::const_iterator;

    SharedColumn() = default;
    SharedColumn(std::vector<T> v) : data_(std::make_shared<std::vector<T>>(std::move(v))) {}
    SharedColumn& operator=(std::vector<T> v)
    {
        data_ = std::make_shared<std::vector<T>>(std::move(v));
        return *this;
    }

    // Reading.
    const std::vector<T>& get() const
    {
        static const std::vector<T> none;
        return data_ ? *data_ : none;
    }
    operator const std::vector<T>&() const { return get(); }
    std::size_t size() const { return get().size(); }
    bool empty() const { return get().empty(); }
    std::size_t capacity() const { return get().capacity(); }
    const T& operator[](std::size_t i) const { return get()[i]; }
    const T& back() const { return get().back(); }
    const T* data() const { return get().data(); }
    const_iterator begin() const { return get().begin(); }
    const_iterator end() const { return get().end(); }
    // True when both copies still read the same data (nothing was copied).
    bool shares_with(const SharedColumn& o) const { return data_ && data_ == o.data_; }

    // Writing: the data is this column's own from here on.
    std::vector<T>& own()
    {
        if (!data_)
            data_ = std::make_shared<std::vector<T>>();
        else if (data_.use_count() > 1)
            data_ = std::make_shared<std::vector<T>>(*data_);
        return *data_;
    }
    T& operator[](std::size_t i) { return own()[i]; }
    T& back() { return own().back(); }
    T* data() { return own().data(); }
    iterator begin() { return own().begin(); }
    iterator end() { return own().end(); }
    void push_back(const T& v) { own().push_back(v); }
    void push_back(T&& v) { own().push_back(std::move(v)); }
    template <class... A>
    T& emplace_back(A&&... a) { return own().emplace_back(std::forward<A>(a)...); }
    template <class... A>
    void assign(A&&... a) { own().assign(std::forward<A>(a)...); }
    template <class... A>
    iterator insert(A&&... a) { return own().insert(std::forward<A>(a)...); }
    void reserve(std::size_t n) { own().reserve(n); }
    void resize(std::size_t n) { own().resize(n); }
    void resize(std::size_t n, const T& v) { own().resize(n, v); }
    void clear() { data_.reset(); }

    friend bool operator==(const SharedColumn& a, const SharedColumn& b) { return a.get() == b.get(); }
    friend bool operator==(const SharedColumn& a, const std::vector<T>& b) { return a.get() == b; }

private:
    std::shared_ptr<std::vector<T>> data_;
};

}  // namespace trygg::core
