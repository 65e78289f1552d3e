// SPDX-License-Identifier: MIT
// Large allocations backed by transparent huge pages (issue 20). A 10M-record run allocates
// about a gigabyte of columns, and on a virtual machine each 4 KiB page fault is a trap to the
// hypervisor: faulting the columns in was a third of the read's time. Blocks of 4 MiB and more
// are marked MADV_HUGEPAGE before first use, so the kernel maps them 2 MiB at a time when it
// allows huge pages on request ("madvise", Debian's default); otherwise nothing changes.
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

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
constexpr std::size_t advise_from = std::size_t{4} << 20;

void* allocate(std::size_t n)
{
    void* p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    if (n >= advise_from) {
        // Whole huge pages inside the block; its first and last bytes stay in small pages.
        const auto begin = (reinterpret_cast<std::uintptr_t>(p) + huge_page - 1) & ~(huge_page - 1);
        const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(huge_page - 1);
        if (end > begin)
            ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
    return p;
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }

#endif
