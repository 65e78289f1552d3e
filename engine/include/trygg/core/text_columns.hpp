// SPDX-License-Identifier: MIT
#pragma once
// The incident table's text columns without a std::string per row (issue 20: at 10M points
// the id and category columns were 64 bytes a row before their text). TextColumn holds every
// value end to end in one buffer with an offset per row (ids: mostly distinct); CodedColumn
// holds each distinct value once and a code per row (categories: a few hundred crime codes).
// Both read as std::string_view and, like SharedColumn, copies share the data until one of
// them changes (the geocoder returns a copy of the table).
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::core {

class TextColumn {
public:
    TextColumn() = default;
    TextColumn(const std::vector<std::string>& values);  // NOLINT: tests assign lists of values
    TextColumn& operator=(const std::vector<std::string>& values) { return *this = TextColumn(values); }

    std::size_t size() const { return d_ ? d_->end.size() : 0; }
    bool empty() const { return size() == 0; }
    std::string_view operator[](std::size_t i) const
    {
        const auto begin = i == 0 ? 0 : d_->end[i - 1];
        return std::string_view(d_->bytes).substr(begin, d_->end[i] - begin);
    }
    void push_back(std::string_view value);
    void emplace_back(std::string_view value) { push_back(value); }
    void reserve(std::size_t rows);
    void clear() { d_.reset(); }
    // Appends `other`'s values.
    void append(const TextColumn& other);
    // Keeps only the values at `rows` (increasing indexes).
    void keep(const std::vector<std::size_t>& rows);
    bool shares_with(const TextColumn& o) const { return d_ && d_ == o.d_; }
    friend bool operator==(const TextColumn& a, const TextColumn& b);

private:
    struct Data {
        std::string bytes;
        std::vector<std::uint64_t> end;  // end of value i in bytes
    };
    Data& own();
    std::shared_ptr<Data> d_;
};

class CodedColumn {
public:
    CodedColumn() = default;
    CodedColumn(const std::vector<std::string>& values);  // NOLINT
    CodedColumn& operator=(const std::vector<std::string>& values) { return *this = CodedColumn(values); }

    std::size_t size() const { return d_ ? d_->codes.size() : 0; }
    bool empty() const { return size() == 0; }
    std::string_view operator[](std::size_t i) const { return d_->values[d_->codes[i]]; }
    // The row's code: equal codes are equal values.
    std::uint32_t code(std::size_t i) const { return d_->codes[i]; }
    std::size_t distinct() const { return d_ ? d_->values.size() : 0; }
    void push_back(std::string_view value);
    void emplace_back(std::string_view value) { push_back(value); }
    void reserve(std::size_t rows);
    void clear() { d_.reset(); }
    void append(const CodedColumn& other);
    void keep(const std::vector<std::size_t>& rows);
    bool shares_with(const CodedColumn& o) const { return d_ && d_ == o.d_; }
    friend bool operator==(const CodedColumn& a, const CodedColumn& b);

private:
    struct Data {
        std::vector<std::uint32_t> codes;
        std::vector<std::string> values;
        std::map<std::string, std::uint32_t, std::less<>> index;
    };
    Data& own();
    std::uint32_t code_of(Data& d, std::string_view value);
    std::shared_ptr<Data> d_;
};

}  // namespace trygg::core
