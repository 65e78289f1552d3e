// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/core/parallel_slices.hpp>
#include <trygg/core/text.hpp>
#include <trygg/io/mapped_text.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

namespace trygg::io {

namespace {

// A mapped file that shrinks while it is read (another program truncates or rewrites it) raises
// SIGBUS on the next page touched past its new end. One clear line and exit code 4 (an input
// cannot be read) instead of a crash. Nothing is half-written: the read stages come before the
// writers, and writers work on temporary files renamed into place only at the end.
std::atomic<int> mappings_open{0};
char shrink_message[1024];
std::atomic<std::size_t> shrink_message_size{0};
struct sigaction previous_sigbus;

void on_sigbus(int sig, siginfo_t*, void*)
{
    if (mappings_open.load() > 0) {
        [[maybe_unused]] auto ignored = ::write(2, shrink_message, shrink_message_size.load());
        ::_exit(4);
    }
    ::sigaction(SIGBUS, &previous_sigbus, nullptr);  // not ours: as before
    ::raise(sig);
}

void guard_mapping(const std::string& path)
{
    static std::once_flag installed;
    std::call_once(installed, [] {
        struct sigaction sa {};
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGBUS, &sa, &previous_sigbus);
    });
    const std::string line =
        "trygg: " + path + ": the file shrank while it was read (is another program writing it?); read a finished copy\n";
    const std::size_t n = std::min(line.size(), sizeof shrink_message);
    shrink_message_size = 0;
    std::memcpy(shrink_message, line.data(), n);
    shrink_message_size = n;
    ++mappings_open;
}

struct Fd {
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// Reads up to n bytes at `at`; fewer only at the end of the file.
std::size_t read_at(int fd, char* out, std::size_t n, std::size_t at, const std::string& path)
{
    std::size_t got = 0;
    while (got < n) {
        const auto r = ::pread(fd, out + got, n - got, static_cast<off_t>(at + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            throw core::InputError(path + ": cannot read file");
        if (r == 0)
            break;
        got += static_cast<std::size_t>(r);
    }
    return got;
}

// Where a block may be cut so that no UTF-8 sequence is split: before the last lead byte when
// its sequence runs past the end. Validity of the pieces is then validity of the whole.
std::size_t utf8_cut(const char* p, std::size_t n)
{
    for (std::size_t back = 1; back <= 4 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(p[n - back]);
        if ((c & 0xC0) == 0x80)
            continue;  // a continuation byte: look further back for its lead
        const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return len > back ? n - back : n;
    }
    return n;
}

}  // namespace

std::unique_ptr<MappedText> MappedText::open(const std::string& path, Encoding encoding, unsigned threads)
{
    if (encoding == Encoding::windows1252)
        return nullptr;
    Fd f;
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0)
        throw core::with_detail(core::InputError(path + ": cannot open file"), {"file_unreadable", {{"file", path}}});
    struct stat st {};
    if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode))
        return nullptr;
    const auto size = static_cast<std::size_t>(st.st_size);

    char head[3] = {};
    const std::size_t head_n = read_at(f.fd, head, 3, 0, path);
    const std::string_view head_v(head, head_n);
    if (head_n >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
        return nullptr;  // UTF-16: converted by read_text_file
    std::unique_ptr<MappedText> m(new MappedText);
    m->skip_ = core::has_utf8_bom(head_v) ? 3 : 0;
    if (m->skip_ && encoding == Encoding::auto_detect)
        encoding = Encoding::utf8;  // a BOM says UTF-8: invalid bytes are then an error
    std::size_t n = size >= m->skip_ ? size - m->skip_ : 0;

    // One pass in small buffers: UTF-8 validity and the index, the blocks split into one
    // contiguous slice a thread (a serial pass was half a second of a 10M-row read, issue 20).
    constexpr std::size_t B = TextIndex::block;
    const std::size_t blocks = (n + B - 1) / B;
    const std::size_t slices = std::max<std::size_t>(1, std::min<std::size_t>(threads, blocks / 2));
    std::vector<TextIndex::BlockCounts> counts(blocks);
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    struct SliceEnd {
        std::size_t bad_block = none, bad_newlines = 0;  // the first invalid byte: its block, '\n' before it there
        std::size_t end_block = none, end_at = 0;        // a file that shrank: its last block, where the text ends
    };
    std::vector<SliceEnd> ends(slices);
    std::atomic<std::size_t> first_bad{none};  // slices after it stop early
    core::for_each_slice(
        slices, static_cast<unsigned>(slices),
        [&](std::size_t from, std::size_t) {
            const std::size_t b0 = blocks * from / slices, b1 = blocks * (from + 1) / slices;
            // Up to 3 bytes of a sequence cut at a block's end are carried in front of the next
            // block; a slice's first carry is the cut tail of the block before it.
            std::vector<char> buf(4 + B);
            char* const block = buf.data() + 4;
            std::size_t carry = 0;
            if (b0 > 0) {
                char tail[4];
                const std::size_t got = read_at(f.fd, tail, 4, m->skip_ + b0 * B - 4, path);
                const std::size_t cut = got == 4 ? utf8_cut(tail, 4) : got;
                carry = got - cut;
                std::copy(tail + cut, tail + got, block - carry);
            }
            auto& e = ends[from];
            for (std::size_t b = b0; b < b1 && b < first_bad.load(std::memory_order_relaxed); ++b) {
                const std::size_t at = b * B, want = std::min(B, n - at);
                const std::size_t got = read_at(f.fd, block, want, m->skip_ + at, path);
                const bool last = got < want || at + got >= n;
                const std::size_t cut = last ? got : utf8_cut(block, got);
                const auto bad = core::first_invalid_utf8(std::string_view(block - carry, carry + cut));
                counts[b] = TextIndex::count_block(std::string_view(block, got));
                if (bad != std::string_view::npos) {
                    const std::size_t in_block = bad > carry ? bad - carry : 0;
                    e.bad_block = b;
                    e.bad_newlines = static_cast<std::size_t>(std::count(block, block + in_block, '\n'));
                    for (auto seen = first_bad.load(); b < seen && !first_bad.compare_exchange_weak(seen, b);)
                        ;
                    return;
                }
                if (last) {
                    e.end_block = b;
                    e.end_at = at + got;
                    return;
                }
                carry = got - cut;
                std::copy(block + cut, block + got, block - carry);
            }
        },
        1);
    // The text ends at the first slice that reached the end of the file (one that shrank since
    // fstat ends where its scan ended); only blocks up to there count.
    std::size_t end_block = blocks, text_end = n;
    for (const auto& e : ends)
        if (e.end_block != none) {
            end_block = e.end_block + 1;
            text_end = e.end_at;
            break;
        }
    for (const auto& e : ends)
        if (e.bad_block != none && e.bad_block < end_block) {
            if (encoding == Encoding::auto_detect)
                return nullptr;  // Windows-1252: converted by read_text_file
            std::uint64_t line = 1 + e.bad_newlines;
            for (std::size_t b = 0; b < e.bad_block; ++b)
                line += counts[b].newlines;
            throw core::InputError(path + ": line " + std::to_string(line) +
                                   ": invalid UTF-8 byte (declare \"encoding\": \"windows-1252\" if the file is not UTF-8)");
        }
    for (std::size_t b = 0; b < end_block; ++b)
        m->index_.add_block(counts[b]);
    m->index_.finish();
    n = text_end;

    m->map_size_ = m->skip_ + n;
    if (n > 0) {
        void* p = ::mmap(nullptr, m->map_size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
        if (p == MAP_FAILED)
            return nullptr;
        m->map_ = p;
        guard_mapping(path);
        ::madvise(p, m->map_size_, MADV_SEQUENTIAL);
        m->text_ = std::string_view(static_cast<const char*>(p) + m->skip_, n);
    }
    return m;
}

MappedText::~MappedText()
{
    if (map_) {
        ::munmap(map_, map_size_);
        --mappings_open;
    }
}

void MappedText::release(std::size_t begin, std::size_t end) const
{
    if (!map_)
        return;
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t a = (skip_ + begin + page - 1) / page * page;
    const std::size_t b = std::min(skip_ + end, map_size_) / page * page;
    if (b > a)
        ::madvise(static_cast<char*>(map_) + a, b - a, MADV_DONTNEED);
}

}  // namespace trygg::io
