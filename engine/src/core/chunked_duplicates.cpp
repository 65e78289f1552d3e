// SPDX-License-Identifier: MIT
#include <trygg/core/chunked_duplicates.hpp>
#include <trygg/core/error.hpp>

#include <algorithm>
#include <bit>
#include <functional>
#include <numeric>
#include <string_view>
#include <utility>

namespace trygg::core {

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v)
{
    // splitmix64's finaliser over the running state: order matters, equal inputs give equal hashes.
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 31);
}

std::uint64_t text_hash(std::string_view s) { return std::hash<std::string_view>()(s) ^ (s.size() << 1); }

std::uint64_t number_bits(double v) { return v == 0 ? 0 : std::bit_cast<std::uint64_t>(v); }  // 0 and -0 alike

constexpr std::uint64_t id_bit = std::uint64_t{1} << 63;  // ids and contents are separate key spaces

}  // namespace

// By key, stable (entries come in chunk order): four passes of 16 bits of the key. A
// comparison sort of each 4M-record chunk took a quarter of add().
void ChunkedDuplicates::sort_by_key(std::vector<Entry>& entries)
{
    auto& other = sort_buffer_;
    other.resize(entries.size());
    std::vector<std::size_t> start(std::size_t{1} << 16);
    for (int shift = 0; shift < 64; shift += 16) {
        std::fill(start.begin(), start.end(), 0);
        for (const auto& e : entries)
            ++start[(e.key >> shift) & 0xFFFF];
        std::size_t sum = 0;
        for (auto& c : start)
            sum += std::exchange(c, sum);
        for (const auto& e : entries)
            other[start[(e.key >> shift) & 0xFFFF]++] = e;
        entries.swap(other);
    }
}

std::uint64_t compared_content_hash(const IncidentTable& t, std::size_t i)
{
    // A field a table does not have hashes as "absent" (differs(): present on one side only differs).
    const auto present = [&](const auto& column) { return i < column.size(); };
    std::uint64_t h = 0x5452594747ull;
    h = mix(h, present(t.time) ? static_cast<std::uint64_t>(t.time[i]) : 1);
    h = mix(h, present(t.has_clock) ? t.has_clock[i] + 2u : 1);
    h = mix(h, present(t.category) ? text_hash(t.category[i]) : 1);
    const auto status = t.status[i];
    h = mix(h, static_cast<std::uint64_t>(status));
    if (status == LocationStatus::located) {
        h = mix(h, number_bits(t.x[i]));
        h = mix(h, number_bits(t.y[i]));
    }
    if (!present(t.area_code))
        h = mix(h, 1);
    else if (t.area_code[i] < 0)
        h = mix(h, 2);
    else
        h = mix(h, text_hash(t.area_codes[static_cast<std::size_t>(t.area_code[i])]));
    h = mix(h, present(t.address) ? text_hash(t.address[i]) : 1);
    h = mix(h, present(t.sex) ? static_cast<std::uint64_t>(t.sex[i]) + 2 : 1);
    h = mix(h, present(t.age) ? static_cast<std::uint64_t>(t.age[i] + 2) : 1);
    return h;
}

ChunkedDuplicates::ChunkedDuplicates(std::size_t expected_records) { entries_.reserve(expected_records); }

ChunkedDuplicates::ChunkScan ChunkedDuplicates::add(const IncidentTable& chunk)
{
    const std::size_t n = chunk.size();
    if (n > UINT32_MAX)
        throw Error(ExitCode::internal, "more than 2^32 records in one chunk");
    const auto has_id = [&](std::size_t i) { return i < chunk.id.size() && !chunk.id[i].empty(); };
    auto& own = own_;  // reused chunk to chunk: a fresh 64 MB list faulted in its pages each time
    own.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t content = compared_content_hash(chunk, i);
        if (has_id(i))
            own[i] = {text_hash(chunk.id[i]) | id_bit, static_cast<std::uint32_t>(content >> 32), 0};
        else
            own[i] = {content & ~id_bit, 0, 0};
        own[i].row = static_cast<std::uint32_t>(i);  // the chunk index while sorting; the row once kept
    }
    sort_by_key(own);
    ChunkScan scan;
    const auto by_key = [](const Entry& a, std::uint64_t k) { return a.key < k; };
    std::size_t kept_end = 0;  // own[0, kept_end): this chunk's kept entries, rows set
    std::size_t cursor = 0;    // entries_ before it have smaller keys than the group's
    for (std::size_t begin = 0, end = 0; begin < n; begin = end) {
        const std::uint64_t key = own[begin].key;
        for (end = begin + 1; end < n && own[end].key == key;)
            ++end;
        // Earlier chunks' kept records with this key, in row order. Keys come in increasing
        // order: searched from the last key's place, galloping (a few steps into a list of
        // 100M entries, where a binary search from the start missed the cache ~27 times).
        std::size_t step = 1, lo = cursor;
        while (lo + step < entries_.size() && entries_[lo + step].key < key)
            lo += step, step *= 2;
        const auto earlier = std::lower_bound(entries_.begin() + static_cast<std::ptrdiff_t>(lo),
                                              entries_.begin() + static_cast<std::ptrdiff_t>(std::min(entries_.size(), lo + step + 1)),
                                              key, by_key);
        cursor = static_cast<std::size_t>(earlier - entries_.begin());
        auto earlier_end = earlier;
        while (earlier_end != entries_.end() && earlier_end->key == key)
            ++earlier_end;
        const std::size_t group_kept = kept_end;
        for (std::size_t k = begin; k < end; ++k) {
            const auto e = own[k];
            const std::size_t i = e.row;
            const bool with_id = (key & id_bit) != 0;
            const Entry* match = nullptr;
            const Entry* earliest = earlier != earlier_end ? &*earlier : (group_kept < kept_end ? &own[group_kept] : nullptr);
            for (auto it = earlier; it != earlier_end && !match; ++it)
                if (it->content == e.content)
                    match = &*it;
            for (std::size_t j = group_kept; j < kept_end && !match; ++j)
                if (own[j].content == e.content)
                    match = &own[j];
            if (match) {
                scan.exact.push_back({i, match->row});
                if (with_id)
                    repeated_id_keys_.push_back(key);
                continue;  // not kept: later repeats match the kept record
            }
            if (with_id && earliest) {
                scan.conflicting.push_back({i, earliest->row});
                repeated_id_keys_.push_back(key);
            }
            own[kept_end++] = {key, e.content, chunk.source_row[i]};
        }
    }
    // Sorted by key and, within a key, by row (chunk order is row order): merged from the back
    // into the list's own room, after the earlier chunks' entries of the same key (no buffer).
    std::size_t old = entries_.size(), add = kept_end;
    entries_.resize(old + add);
    for (std::size_t to = old + add; add > 0;) {
        if (old > 0 && entries_[old - 1].key > own[add - 1].key)
            entries_[--to] = entries_[--old];
        else
            entries_[--to] = own[--add];
    }
    const auto by_index = [](const Repeat& a, const Repeat& b) { return a.index < b.index; };
    std::sort(scan.exact.begin(), scan.exact.end(), by_index);
    std::sort(scan.conflicting.begin(), scan.conflicting.end(), by_index);
    return scan;
}

std::size_t ChunkedDuplicates::repeated_ids() const
{
    auto keys = repeated_id_keys_;
    std::sort(keys.begin(), keys.end());
    return static_cast<std::size_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
}

}  // namespace trygg::core
