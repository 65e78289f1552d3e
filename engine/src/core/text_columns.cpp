// SPDX-License-Identifier: MIT
#include <trygg/core/text_columns.hpp>

namespace trygg::core {

TextColumn::TextColumn(const std::vector<std::string>& values)
{
    for (const auto& v : values)
        push_back(v);
}

TextColumn::Data& TextColumn::own()
{
    if (!d_)
        d_ = std::make_shared<Data>();
    else if (d_.use_count() > 1)
        d_ = std::make_shared<Data>(*d_);
    return *d_;
}

void TextColumn::push_back(std::string_view value)
{
    auto& d = own();
    d.bytes.append(value);
    d.end.push_back(d.bytes.size());
}

void TextColumn::reserve(std::size_t rows) { own().end.reserve(rows); }

void TextColumn::append(const TextColumn& other)
{
    if (other.empty())
        return;
    auto& d = own();
    const auto base = d.bytes.size();
    d.bytes.append(other.d_->bytes);
    d.end.reserve(d.end.size() + other.size());
    for (auto e : other.d_->end)
        d.end.push_back(base + e);
}

void TextColumn::keep(const std::vector<std::size_t>& rows)
{
    if (empty())
        return;
    Data out;
    out.end.reserve(rows.size());
    for (auto i : rows) {
        out.bytes.append((*this)[i]);
        out.end.push_back(out.bytes.size());
    }
    d_ = std::make_shared<Data>(std::move(out));
}

bool operator==(const TextColumn& a, const TextColumn& b)
{
    if (a.size() != b.size())
        return false;
    return a.empty() || (a.d_->bytes == b.d_->bytes && a.d_->end == b.d_->end);
}

CodedColumn::CodedColumn(const std::vector<std::string>& values)
{
    for (const auto& v : values)
        push_back(v);
}

CodedColumn::Data& CodedColumn::own()
{
    if (!d_)
        d_ = std::make_shared<Data>();
    else if (d_.use_count() > 1)
        d_ = std::make_shared<Data>(*d_);
    return *d_;
}

std::uint32_t CodedColumn::code_of(Data& d, std::string_view value)
{
    // The previous row's value first: registers often list one category in runs.
    if (!d.codes.empty() && d.values[d.codes.back()] == value)
        return d.codes.back();
    if (auto it = d.index.find(value); it != d.index.end())
        return it->second;
    const auto c = static_cast<std::uint32_t>(d.values.size());
    d.values.emplace_back(value);
    d.index.emplace(std::string(value), c);
    return c;
}

void CodedColumn::push_back(std::string_view value)
{
    auto& d = own();
    d.codes.push_back(code_of(d, value));
}

void CodedColumn::reserve(std::size_t rows) { own().codes.reserve(rows); }

void CodedColumn::append(const CodedColumn& other)
{
    if (other.empty())
        return;
    auto& d = own();
    std::vector<std::uint32_t> recode(other.d_->values.size());
    for (std::size_t c = 0; c < recode.size(); ++c) {
        const std::string_view v = other.d_->values[c];
        auto it = d.index.find(v);
        if (it == d.index.end()) {
            it = d.index.emplace(std::string(v), static_cast<std::uint32_t>(d.values.size())).first;
            d.values.emplace_back(v);
        }
        recode[c] = it->second;
    }
    d.codes.reserve(d.codes.size() + other.size());
    for (auto c : other.d_->codes)
        d.codes.push_back(recode[c]);
}

void CodedColumn::keep(const std::vector<std::size_t>& rows)
{
    if (empty())
        return;
    auto d = std::make_shared<Data>();
    d->values = d_->values;
    d->index = d_->index;
    d->codes.reserve(rows.size());
    for (auto i : rows)
        d->codes.push_back(d_->codes[i]);
    d_ = std::move(d);
}

bool operator==(const CodedColumn& a, const CodedColumn& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

}  // namespace trygg::core
