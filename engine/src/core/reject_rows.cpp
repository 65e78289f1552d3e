// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/incident_table.hpp>
#include <trygg/core/reject_rows.hpp>

#include <algorithm>
#include <numeric>

namespace trygg::core {

std::uint32_t TextCodes::code(std::string_view text)
{
    if (auto it = index_.find(text); it != index_.end())
        return it->second;
    const auto c = static_cast<std::uint32_t>(texts_.size());
    texts_.emplace_back(text);
    index_.emplace(std::string(text), c);
    return c;
}

RejectRows::RejectRows(std::initializer_list<Reject> rows)
{
    for (const auto& r : rows)
        push_back(r);
}

RejectRows::RejectRows(const std::vector<Reject>& rows)
{
    rows_.reserve(rows.size());
    for (const auto& r : rows)
        push_back(r);
}

std::uint16_t RejectRows::small_code(TextCodes& codes, std::string_view text)
{
    const auto c = codes.code(text);
    // Buckets, fields (column names) and categories (fixed phrases) are a few each.
    if (c > UINT16_MAX)
        throw Error(ExitCode::internal, "more than 65536 distinct reject fields or categories");
    return static_cast<std::uint16_t>(c);
}

RejectRows::Codes RejectRows::codes(std::string_view bucket, std::string_view field, std::string_view reason,
                                    std::string_view category)
{
    return {reasons_.code(reason), small_code(buckets_, bucket), small_code(fields_, field),
            small_code(categories_, category)};
}

void RejectRows::add(std::uint64_t row, std::string_view id, const Codes& c)
{
    if (!record_rows_.empty())
        expand_record_rows();
    Row r{row, no_id, c.reason, c.bucket, c.field, c.category, false};
    if (!id.empty()) {
        r.id = static_cast<std::uint32_t>(id_end_.size());
        ids_.append(id);
        id_end_.push_back(ids_.size());
    }
    rows_.push_back(r);
}

std::uint32_t RejectRows::kind_of(const Codes& c)
{
    // Rows come in runs of one kind (every outside point): the last kind first.
    if (!kinds_.empty() && kinds_.back() == c)
        return static_cast<std::uint32_t>(kinds_.size() - 1);
    const auto [it, added] = kind_index_.try_emplace(c, static_cast<std::uint32_t>(kinds_.size()));
    if (added)
        kinds_.push_back(c);
    return it->second;
}

void RejectRows::add_record(std::size_t record, const Codes& c)
{
    if (!records_ || record >= records_->source_row.size())
        throw Error(ExitCode::internal, "a record reject names no record of its incident table");
    const auto r = static_cast<std::uint32_t>(record);  // tables are indexed by 32-bit source rows
    if (rows_.empty())
        record_rows_.push_back({r, kind_of(c)});
    else
        rows_.push_back({records_->source_row[record], r, c.reason, c.bucket, c.field, c.category, true});
}

void RejectRows::expand_record_rows()
{
    std::vector<Row> rows;
    rows.reserve(record_rows_.size() + 1);
    for (const auto& r : record_rows_) {
        const auto& c = kinds_[r.kind];
        rows.push_back({records_->source_row[r.record], r.record, c.reason, c.bucket, c.field, c.category, true});
    }
    rows_ = std::move(rows);
    std::vector<RecordRow>().swap(record_rows_);
}

std::uint64_t RejectRows::row(std::size_t i) const
{
    return rows_.empty() ? records_->source_row[record_rows_[i].record] : rows_[i].row;
}

void RejectRows::push_back(const Reject& r) { add(r.row, r.id, codes(r.bucket, r.field, r.reason, r.category)); }

void RejectRows::append(const RejectRows& other)
{
    rows_.reserve(rows_.size() + other.size());
    for (std::size_t i = 0; i < other.size(); ++i) {
        const auto v = other[i];
        add(v.row, v.id, codes(v.bucket, v.field, v.reason, v.category));
    }
}

void RejectRows::clear()
{
    *this = RejectRows(records_);
}

RejectView RejectRows::operator[](std::size_t i) const
{
    if (rows_.empty()) {
        const auto& r = record_rows_[i];
        const auto& c = kinds_[r.kind];
        return {records_->source_row[r.record], records_->id_view(r.record), buckets_[c.bucket], fields_[c.field],
                reasons_[c.reason], categories_[c.category]};
    }
    const auto& r = rows_[i];
    std::string_view id;
    if (r.record)
        id = records_ ? records_->id_view(r.id) : std::string_view();
    else if (r.id != no_id) {
        const auto begin = r.id == 0 ? 0 : id_end_[r.id - 1];
        id = std::string_view(ids_).substr(begin, id_end_[r.id] - begin);
    }
    return {r.row, id, buckets_[r.bucket], fields_[r.field], reasons_[r.reason], categories_[r.category]};
}

void RejectRows::sort_by_row()
{
    if (rows_.empty()) {
        const auto by_row = [&](const RecordRow& a, const RecordRow& b) {
            return records_->source_row[a.record] < records_->source_row[b.record];
        };
        if (!std::is_sorted(record_rows_.begin(), record_rows_.end(), by_row))
            std::stable_sort(record_rows_.begin(), record_rows_.end(), by_row);
        return;
    }
    const auto by_row = [](const Row& a, const Row& b) { return a.row < b.row; };
    if (!std::is_sorted(rows_.begin(), rows_.end(), by_row))
        std::stable_sort(rows_.begin(), rows_.end(), by_row);
}

}  // namespace trygg::core
