// SPDX-License-Identifier: MIT
#include <trygg/core/duplicate_records.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/parallel_slices.hpp>
#include <trygg/core/record_identity.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>

namespace trygg::core {

namespace {

template <typename Column> bool differs(const Column& c, std::size_t i, std::size_t j)
{
    const bool has_i = i < c.size(), has_j = j < c.size();
    return has_i != has_j || (has_i && !(c[i] == c[j]));
}

bool location_differs(const IncidentTable& t, std::size_t i, std::size_t j)
{
    if (t.status[i] != t.status[j])
        return true;
    if (t.status[i] != LocationStatus::located)
        return false;
    return t.x[i] != t.x[j] || t.y[i] != t.y[j];
}

constexpr std::size_t none = static_cast<std::size_t>(-1);

using Keys = std::unique_ptr<std::uint64_t[]>;

// Sorts the keys (hash in the upper 32 bits above the record's index, made in index order) by
// a stable radix sort on the hash bits only: records of one hash stay in index order, which is
// the order of sorting the whole keys. One pass scatters by the top 11 bits, on every thread
// (each with its own counts, so the scatter is stable), then each of the 2048 buckets is sorted
// by bits 32-42 and 43-52 in two passes that stay in cache, buckets spread over the threads.
// A comparison sort of 10M keys was a serial second of the read (issue 20). `keys` holds the
// result; a buffer of the same size is used on the way.
void sort_keys(Keys& keys, std::size_t n, unsigned threads)
{
    if (n < (std::size_t{1} << 16)) {
        std::sort(keys.get(), keys.get() + n);
        return;
    }
    constexpr unsigned top_bits = 11, low_bits = 11, mid_bits = 10;  // 32 hash bits
    constexpr std::size_t buckets = std::size_t{1} << top_bits;
    threads = std::max(1u, threads);
    auto out = std::make_unique_for_overwrite<std::uint64_t[]>(n);
    // Pass 1: by bits 53-63, input slice t of n*t/threads.. counted and scattered by thread t.
    std::vector<std::vector<std::size_t>> at(threads, std::vector<std::size_t>(buckets, 0));
    const auto slice = [&](unsigned t) { return std::pair{n * t / threads, n * (t + 1) / threads}; };
    for_each_slice(
        threads, threads,
        [&](std::size_t t0, std::size_t t1) {
            for (auto t = t0; t < t1; ++t) {
                const auto [from, to] = slice(static_cast<unsigned>(t));
                for (std::size_t i = from; i < to; ++i)
                    ++at[t][keys[i] >> 53];
            }
        },
        1);
    std::vector<std::size_t> bucket_start(buckets + 1, 0);
    for (std::size_t b = 0, next = 0; b < buckets; ++b) {
        bucket_start[b] = next;
        for (unsigned t = 0; t < threads; ++t) {
            const auto count = at[t][b];
            at[t][b] = next;  // where thread t writes its first key of bucket b
            next += count;
        }
    }
    bucket_start[buckets] = n;
    for_each_slice(
        threads, threads,
        [&](std::size_t t0, std::size_t t1) {
            for (auto t = t0; t < t1; ++t) {
                const auto [from, to] = slice(static_cast<unsigned>(t));
                auto& pos = at[t];
                for (std::size_t i = from; i < to; ++i)
                    out[pos[keys[i] >> 53]++] = keys[i];
            }
        },
        1);
    // Passes 2 and 3, bucket by bucket: out -> keys by bits 32-42, keys -> out by bits 43-52.
    for_each_slice(
        buckets, threads,
        [&](std::size_t b0, std::size_t b1) {
            std::vector<std::size_t> count(std::size_t{1} << low_bits);
            const auto pass = [&](const std::uint64_t* from, std::uint64_t* to, std::size_t size, unsigned shift,
                                  unsigned bits) {
                const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
                std::fill(count.begin(), count.begin() + (std::ptrdiff_t{1} << bits), 0);
                for (std::size_t i = 0; i < size; ++i)
                    ++count[(from[i] >> shift) & mask];
                for (std::size_t d = 0, next = 0; d < (std::size_t{1} << bits); ++d)
                    next += std::exchange(count[d], next);
                for (std::size_t i = 0; i < size; ++i)
                    to[count[(from[i] >> shift) & mask]++] = from[i];
            };
            for (std::size_t b = b0; b < b1; ++b) {
                const std::size_t begin = bucket_start[b], size = bucket_start[b + 1] - begin;
                pass(out.get() + begin, keys.get() + begin, size, 32, low_bits);
                pass(keys.get() + begin, out.get() + begin, size, 32 + low_bits, mid_bits);
            }
        },
        1);
    keys = std::move(out);
}

}  // namespace

std::string first_content_difference(const IncidentTable& t, std::size_t i, std::size_t j)
{
    if (differs(t.time, i, j) || differs(t.has_clock, i, j))
        return "time";
    if (differs(t.category, i, j))
        return "category";
    if (location_differs(t, i, j))
        return "location";
    if (differs(t.area_code, i, j))
        return "area_code";
    if (differs(t.address, i, j))
        return "address";
    if (differs(t.sex, i, j))
        return "sex";
    if (differs(t.age, i, j))
        return "age";
    return {};
}

DuplicateScan find_duplicate_records(const IncidentTable& t, unsigned threads)
{
    DuplicateScan scan;
    const std::size_t n = t.size();
    auto has_id = [&](std::size_t i) { return i < t.id.size() && !t.id[i].empty(); };
    // Sorting keys finds the candidates; a hash map of a million keys cost a third of the read.
    // A key is the upper half of the record's hash above its index, 8 bytes a record where
    // (hash, index) pairs took 16 at the read's peak (issue 20). Ids and contents hash into
    // one space and a 32-bit hash collides more often: a group of equal hashes is split by the
    // real key below (groups almost always hold one record), in row order either way.
    if (n > UINT32_MAX)
        throw Error(ExitCode::internal, "more than 2^32 records in one incident table");
    // Not zeroed first: each thread's first write faults its own slice in.
    Keys keys = std::make_unique_for_overwrite<std::uint64_t[]>(n);
    const std::hash<std::string_view> id_hash;
    for_each_slice(n, threads, [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            const std::uint64_t h = has_id(i) ? id_hash(std::string_view(t.id[i]))
                                    : i < t.content_hash.size() ? t.content_hash[i] : content_hash_of(t, i);
            keys[i] = (h & ~std::uint64_t{0xFFFFFFFF}) | i;
        }
    });
    sort_keys(keys, n, threads);
    const auto hash_of = [&](std::size_t k) { return keys[k] >> 32; };
    const auto record_of = [&](std::size_t k) { return static_cast<std::size_t>(keys[k] & 0xFFFFFFFF); };
    auto same_key = [&](std::size_t i, std::size_t j) {
        return has_id(i) ? has_id(j) && t.id[i] == t.id[j] : !has_id(j);  // content is compared by the caller
    };
    std::vector<std::size_t> kept;  // earlier records of the group that were kept, in row order
    for (std::size_t begin = 0, end = 0; begin < n; begin = end) {
        for (end = begin + 1; end < n && hash_of(end) == hash_of(begin);)
            ++end;
        if (end - begin == 1)
            continue;
        kept.clear();
        for (std::size_t k = begin; k < end; ++k) {
            const std::size_t i = record_of(k);
            std::size_t match = none, earliest = none;
            for (std::size_t j : kept) {
                if (!same_key(i, j))
                    continue;
                if (earliest == none)
                    earliest = j;
                if (match == none && first_content_difference(t, i, j).empty())
                    match = j;
            }
            if (match != none) {
                scan.exact.push_back({i, match, {}});
                continue;  // not kept: later repeats match the kept record
            }
            if (has_id(i) && earliest != none)
                scan.conflicting.push_back({i, earliest, first_content_difference(t, i, earliest)});
            kept.push_back(i);
        }
    }
    auto by_index = [](const RepeatedRecord& a, const RepeatedRecord& b) { return a.index < b.index; };
    std::sort(scan.exact.begin(), scan.exact.end(), by_index);
    std::sort(scan.conflicting.begin(), scan.conflicting.end(), by_index);
    // Ids on more than one record: an id with an exact duplicate or a conflict.
    std::vector<std::string_view> repeated;
    for (const auto* list : {&scan.exact, &scan.conflicting})
        for (const auto& r : *list)
            if (has_id(r.index))
                repeated.emplace_back(t.id[r.index]);
    std::sort(repeated.begin(), repeated.end());
    scan.repeated_ids = static_cast<std::size_t>(std::unique(repeated.begin(), repeated.end()) - repeated.begin());
    return scan;
}

}  // namespace trygg::core
