// SPDX-License-Identifier: MIT
#pragma once
// The rows a source or stage did not use, stored compactly: each reject is its row, an index
// of its id and codes of its texts (bucket, field, reason, category), each distinct text held
// once. At 10M points 3.7M rejects as five strings each were the peak of a run's memory
// (issue 20); now a reject is 24 bytes. Rows a later stage sets aside (assign's outside) name
// a record of the incident table and read their row and id from there: no string is copied,
// and a list of such rows only is 8 bytes a row (the record and a code of its kind of reject).
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::core {

struct IncidentTable;

// One reject as made (the row decoder's out-parameter) and as given to RejectRows::push_back.
// `bucket` is one of "outside", "not_located", "rejected". `reason` may quote the row's values
// (it goes to the internal file only); `category` is a short fixed phrase that never quotes an
// input value ("impossible date"), counted in the published `avvisade` table.
struct Reject {
    std::uint64_t row = 0;  // 1-based line (CSV) or feature id (other sources)
    std::string id;
    std::string bucket;
    std::string field;
    std::string reason;
    std::string category;
};

// A reject as read back: views into the RejectRows (and the incident table) holding it, valid
// while they live and until the next reject is added.
struct RejectView {
    std::uint64_t row = 0;
    std::string_view id, bucket, field, reason, category;
};

// Distinct texts, each held once, by code.
class TextCodes {
public:
    std::uint32_t code(std::string_view text);
    std::string_view operator[](std::uint32_t code) const { return texts_[code]; }
    std::size_t size() const { return texts_.size(); }

private:
    std::vector<std::string> texts_;
    std::map<std::string, std::uint32_t, std::less<>> index_;
};

// A random-access-by-index list's iterator yielding values (RejectView).
template <class List>
class IndexIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = RejectView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = RejectView;
    IndexIterator(const List* list, std::size_t i) : list_(list), i_(i) {}
    RejectView operator*() const { return (*list_)[i_]; }
    IndexIterator& operator++()
    {
        ++i_;
        return *this;
    }
    IndexIterator operator++(int)
    {
        auto old = *this;
        ++i_;
        return old;
    }
    bool operator==(const IndexIterator& o) const { return i_ == o.i_; }

private:
    const List* list_;
    std::size_t i_;
};

class RejectRows {
public:
    // The codes of one kind of reject, made once and given to add/add_record for each row.
    struct Codes {
        std::uint32_t reason = 0;
        std::uint16_t bucket = 0, field = 0, category = 0;
        friend bool operator==(const Codes&, const Codes&) = default;
        friend auto operator<=>(const Codes&, const Codes&) = default;
    };

    RejectRows() = default;
    // Rows that name records (add_record) read their ids from `records`, which must outlive
    // this list.
    explicit RejectRows(const IncidentTable* records) : records_(records) {}
    RejectRows(std::initializer_list<Reject> rows);
    RejectRows(const std::vector<Reject>& rows);  // NOLINT: lists of Rejects convert (tests, summaries)

    Codes codes(std::string_view bucket, std::string_view field, std::string_view reason, std::string_view category);
    // A reject with its id (copied once into this list's id arena).
    void add(std::uint64_t row, std::string_view id, const Codes& codes);
    // A reject that is record `record` of the incident table given at construction: its row
    // (source_row) and id are read from there when asked for.
    void add_record(std::size_t record, const Codes& codes);
    void push_back(const Reject& r);
    // Appends `other`'s rows (their texts recoded into this list's; ids copied).
    void append(const RejectRows& other);
    void reserve(std::size_t n) { rows_.reserve(n); }
    // Room for n rows added with add_record (a list of record rows only).
    void reserve_records(std::size_t n) { record_rows_.reserve(n); }
    void clear();

    std::size_t size() const { return rows_.size() + record_rows_.size(); }
    bool empty() const { return size() == 0; }
    std::uint64_t row(std::size_t i) const;
    // Bytes held for the rows themselves (not the distinct texts or ids): what the list costs
    // a reject.
    std::size_t row_bytes() const { return rows_.capacity() * sizeof(Row) + record_rows_.capacity() * sizeof(RecordRow); }
    std::string_view bucket(std::size_t i) const
    {
        return buckets_[rows_.empty() ? kinds_[record_rows_[i].kind].bucket : rows_[i].bucket];
    }
    // Row i's bucket, field and reason as one number: equal numbers, equal texts (within this list).
    std::uint64_t kind(std::size_t i) const
    {
        if (rows_.empty()) {
            const auto& c = kinds_[record_rows_[i].kind];
            return std::uint64_t{c.reason} << 32 | std::uint64_t{c.bucket} << 16 | c.field;
        }
        const auto& r = rows_[i];
        return std::uint64_t{r.reason} << 32 | std::uint64_t{r.bucket} << 16 | r.field;
    }
    RejectView operator[](std::size_t i) const;
    // Stable sort by row (rows usually come in order: a no-op then).
    void sort_by_row();

    IndexIterator<RejectRows> begin() const { return {this, 0}; }
    IndexIterator<RejectRows> end() const { return {this, size()}; }

private:
    static constexpr std::uint32_t no_id = UINT32_MAX;
    struct Row {
        std::uint64_t row = 0;
        std::uint32_t id = no_id;  // into id_end_, or a record index when `record`
        std::uint32_t reason = 0;
        std::uint16_t bucket = 0, field = 0, category = 0;
        bool record = false;
    };
    static_assert(sizeof(Row) == 24);
    // A row of a list holding only record rows (the common case: assign's outside).
    struct RecordRow {
        std::uint32_t record = 0;
        std::uint32_t kind = 0;  // into kinds_
    };
    static_assert(sizeof(RecordRow) == 8);
    std::uint16_t small_code(TextCodes& codes, std::string_view text);
    std::uint32_t kind_of(const Codes& codes);
    // The record rows as full rows, before a row of the other sort joins the list.
    void expand_record_rows();

    const IncidentTable* records_ = nullptr;
    // One of rows_ and record_rows_ is empty: a list is compact while it holds record rows
    // only, and full rows (24 bytes) once it mixes them.
    std::vector<Row> rows_;
    std::vector<RecordRow> record_rows_;
    std::vector<Codes> kinds_;
    std::map<Codes, std::uint32_t> kind_index_;
    std::string ids_;                 // the ids of non-record rows, end to end
    std::vector<std::uint64_t> id_end_;
    TextCodes buckets_, fields_, reasons_, categories_;
};

}  // namespace trygg::core
