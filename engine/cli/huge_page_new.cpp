// SPDX-License-Identifier: MIT
// Large allocations backed by transparent huge pages (issue 20). A 10M-record run allocates
// about a gigabyte of columns, and on a virtual machine each 4 KiB page fault is a trap to the
// hypervisor: faulting the columns in was a third of the read's time. Blocks of 1 MiB and more
// are aligned to 2 MiB, rounded up to whole huge pages and marked MADV_HUGEPAGE before first
// use, so the kernel maps them 2 MiB at a time when it allows huge pages on request
// ("madvise", Debian's default); otherwise nothing changes. Marking only the inside of
// unaligned blocks of 4 MiB and more left a 1M-record run with 27,000 faults (10,000 now).
// Only the executable replaces operator new: the library and its tests allocate as usual, and
// sanitizer builds keep their own allocator.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)  // GCC
#define TRYGG_SANITIZED 1
#elif defined(__has_feature)  // Clang
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define TRYGG_SANITIZED 1
#endif
#endif

#ifndef TRYGG_SANITIZED

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
constexpr std::size_t advise_from = std::size_t{1} << 20;

void* allocate(std::size_t n)
{
    if (n < advise_from) {
        void* p = std::malloc(n ? n : 1);
        if (!p)
            throw std::bad_alloc();
        return p;
    }
    // Whole huge pages: aligned and rounded up, so no part of the block is faulted in 4 KiB at
    // a time. A block's resident size grows by less than one huge page.
    const std::size_t size = (n + huge_page - 1) & ~(huge_page - 1);
    void* p = std::aligned_alloc(huge_page, size);
    if (!p)
        throw std::bad_alloc();
    ::madvise(p, size, MADV_HUGEPAGE);
    return p;
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }

#endif
