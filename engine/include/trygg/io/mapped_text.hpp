// SPDX-License-Identifier: MIT
#pragma once
// A UTF-8 file read in place: the file is mapped, not copied into memory, and a reader
// releases the pages it has parsed (release) so the file is never resident whole. Encoding is
// checked first by one scan in small buffers (one a thread), which also fills a TextIndex.
#include <trygg/io/text_encoding.hpp>
#include <trygg/io/text_index.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace trygg::io {

class MappedText {
public:
    // The file's text (a UTF-8 BOM stripped) when it can be read in place: a regular file that
    // is UTF-8, declared or detected. nullptr when it cannot (UTF-16 BOM, Windows-1252 declared
    // or detected, not a regular file): read it with read_text_file. Throws core::InputError as
    // read_text_file does for a file that cannot be opened, or declared UTF-8 with invalid bytes.
    // The scan runs on up to `threads` threads.
    static std::unique_ptr<MappedText> open(const std::string& path, Encoding encoding, unsigned threads = 1);
    ~MappedText();
    MappedText(const MappedText&) = delete;
    MappedText& operator=(const MappedText&) = delete;

    std::string_view text() const { return text_; }
    const TextIndex& index() const { return index_; }
    // Drops the pages wholly inside text [begin, end) from memory (they are read again from the
    // file if touched later, so this never changes what the text holds).
    void release(std::size_t begin, std::size_t end) const;

private:
    MappedText() = default;
    void* map_ = nullptr;
    std::size_t map_size_ = 0, skip_ = 0;  // skip_: the BOM's bytes before the text
    std::string_view text_;
    TextIndex index_;
};

// How much of a mapped text a reader parses before releasing it.
inline constexpr std::size_t release_window = std::size_t{16} << 20;

}  // namespace trygg::io
