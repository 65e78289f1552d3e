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

// Sorts the keys on `threads` threads: split by their top bits (the hash's, evenly spread) into
// ranges whose keys all sort before the next range's, each range sorted on its own thread. At
// 10M records one thread's sort was a serial second of the read (issue 20).
void sort_keys(std::uint64_t* keys, std::size_t n, unsigned threads)
{
    if (n < (std::size_t{1} << 17))
        threads = 1;  // a small sort is faster than starting a thread
    std::vector<std::pair<std::size_t, std::size_t>> ranges{{0, n}};
    for (unsigned bit = 63; ranges.size() < threads && bit > 55; --bit) {
        std::vector<std::pair<std::size_t, std::size_t>> split;
        for (const auto& [from, to] : ranges) {
            const auto* mid = std::partition(keys + from, keys + to,
                                             [bit](std::uint64_t k) { return ((k >> bit) & 1) == 0; });
            const auto m = static_cast<std::size_t>(mid - keys);
            split.emplace_back(from, m);
            split.emplace_back(m, to);
        }
        ranges = std::move(split);
    }
    // One range a slice; ranges of a slice are sorted one after another.
    for_each_slice(
        ranges.size(), threads,
        [&](std::size_t first, std::size_t last) {
            for (std::size_t r = first; r < last; ++r)
                std::sort(keys + ranges[r].first, keys + ranges[r].second);
        },
        1);
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
    const auto keys = std::make_unique_for_overwrite<std::uint64_t[]>(n);
    const std::hash<std::string_view> id_hash;
    for_each_slice(n, threads, [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            const std::uint64_t h = has_id(i) ? id_hash(std::string_view(t.id[i]))
                                    : i < t.content_hash.size() ? t.content_hash[i] : content_hash_of(t, i);
            keys[i] = (h & ~std::uint64_t{0xFFFFFFFF}) | i;
        }
    });
    sort_keys(keys.get(), n, threads);
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
