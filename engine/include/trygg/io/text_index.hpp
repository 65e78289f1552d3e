// SPDX-License-Identifier: MIT
#pragma once
// Counts over a large text kept per block while it is scanned once, so that splitting it into
// parts (io/csv_split.hpp) and sizing columns touch only a block or two at each boundary
// instead of every page of a file mapped in place (io/mapped_text.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace trygg::io {

class TextIndex {
public:
    static constexpr std::size_t block = std::size_t{1} << 20;

    // What the index keeps of one block: counted on any thread, added in order.
    struct BlockCounts {
        std::uint64_t newlines = 0, lone_crs = 0;  // a '\r' at the block's end counted as lone
        bool has_quote = false, starts_with_lf = false, ends_with_cr = false;
    };
    static BlockCounts count_block(std::string_view bytes);

    // Feed the text in order, one whole block per call (the last may be shorter).
    void add_block(std::string_view bytes) { add_block(count_block(bytes)); }
    void add_block(const BlockCounts& counts);
    // After the last block.
    void finish();

    // '\n' in [a, b) of `text` (the text that was fed).
    std::uint64_t newlines_in(std::string_view text, std::size_t a, std::size_t b) const;
    // '\r' not followed by '\n' (a row end of its own) in [a, b); the byte after b may be read.
    std::uint64_t lone_crs_in(std::string_view text, std::size_t a, std::size_t b) const;
    // The first '"' at or after `from`, or text.size() when there is none.
    std::size_t find_quote(std::string_view text, std::size_t from) const;

private:
    std::vector<std::uint64_t> newlines_{0}, lone_crs_{0};  // prefix counts at block starts
    std::vector<bool> has_quote_;
    bool pending_cr_ = false;  // the last block ended in '\r': lone unless the next starts with '\n'
};

}  // namespace trygg::io
