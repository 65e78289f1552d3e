// SPDX-License-Identifier: MIT
#include <trygg/io/text_index.hpp>

#include <algorithm>
#include <cstring>

namespace trygg::io {

namespace {

std::uint64_t count_lone_crs(const char* p, std::size_t n, const char* text_end)
{
    std::uint64_t lone = 0;
    for (const char* r = static_cast<const char*>(std::memchr(p, '\r', n)); r;
         r = static_cast<const char*>(std::memchr(r + 1, '\r', static_cast<std::size_t>(p + n - (r + 1)))))
        if (!(r + 1 < text_end && r[1] == '\n'))
            ++lone;
    return lone;
}

}  // namespace

TextIndex::BlockCounts TextIndex::count_block(std::string_view bytes)
{
    BlockCounts c;
    c.newlines = static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    c.lone_crs = count_lone_crs(bytes.data(), bytes.size(), bytes.data() + bytes.size());
    c.has_quote = std::memchr(bytes.data(), '"', bytes.size()) != nullptr;
    c.starts_with_lf = !bytes.empty() && bytes.front() == '\n';
    c.ends_with_cr = !bytes.empty() && bytes.back() == '\r';
    return c;
}

void TextIndex::add_block(const BlockCounts& c)
{
    if (pending_cr_ && c.starts_with_lf)
        --lone_crs_.back();  // counted as lone in the previous block, but it is a \r\n pair
    pending_cr_ = c.ends_with_cr;
    newlines_.push_back(newlines_.back() + c.newlines);
    // A '\r' at the block's end counts as lone here (nothing follows yet); corrected above.
    lone_crs_.push_back(lone_crs_.back() + c.lone_crs);
    has_quote_.push_back(c.has_quote);
}

void TextIndex::finish() { pending_cr_ = false; }

std::uint64_t TextIndex::newlines_in(std::string_view text, std::size_t a, std::size_t b) const
{
    if (b <= a)
        return 0;
    const std::size_t ba = (a + block - 1) / block, bb = b / block;  // whole blocks [ba, bb)
    if (ba >= bb || bb >= newlines_.size())
        return static_cast<std::uint64_t>(std::count(text.data() + a, text.data() + b, '\n'));
    return static_cast<std::uint64_t>(std::count(text.data() + a, text.data() + ba * block, '\n')) +
           (newlines_[bb] - newlines_[ba]) +
           static_cast<std::uint64_t>(std::count(text.data() + bb * block, text.data() + b, '\n'));
}

std::uint64_t TextIndex::lone_crs_in(std::string_view text, std::size_t a, std::size_t b) const
{
    if (b <= a)
        return 0;
    const char* end = text.data() + text.size();
    const std::size_t ba = (a + block - 1) / block, bb = b / block;
    if (ba >= bb || bb >= lone_crs_.size())
        return count_lone_crs(text.data() + a, b - a, end);
    return count_lone_crs(text.data() + a, ba * block - a, end) + (lone_crs_[bb] - lone_crs_[ba]) +
           count_lone_crs(text.data() + bb * block, b - bb * block, end);
}

std::size_t TextIndex::find_quote(std::string_view text, std::size_t from) const
{
    const std::size_t n = text.size();
    while (from < n) {
        const std::size_t k = from / block;
        const std::size_t stop = std::min(n, (k + 1) * block);
        if (k >= has_quote_.size() || has_quote_[k]) {
            if (const auto* q = static_cast<const char*>(std::memchr(text.data() + from, '"', stop - from)))
                return static_cast<std::size_t>(q - text.data());
        }
        from = stop;
    }
    return n;
}

}  // namespace trygg::io
