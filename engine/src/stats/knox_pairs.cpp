// SPDX-License-Identifier: MIT
#include "knox_pairs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace trygg::stats::detail {

std::size_t DistanceRows::row_of(double d2) const
{
    const std::size_t offset = same_location ? 1 : 0;
    if (same_location && d2 == 0)
        return 0;
    // Smallest k ≥ 1 with d2 ≤ (k·w)², compared on squares so integer coordinates give exact
    // boundaries (a pair at exactly w is in band 0).
    auto bound = [&](std::size_t k) { return (static_cast<double>(k) * width) * (static_cast<double>(k) * width); };
    std::size_t k = static_cast<std::size_t>(std::max(1.0, std::ceil(std::sqrt(d2) / width)));
    while (k > 1 && d2 <= bound(k - 1))
        --k;
    while (d2 > bound(k) && k <= bands)
        ++k;
    return k > bands ? rows() : k - 1 + offset;
}

std::size_t TimeBands::band_of(double dt) const
{
    dt = std::abs(dt);
    if (dt <= width)
        return 0;
    std::size_t k = static_cast<std::size_t>(std::ceil(dt / width));
    while (k > 1 && dt <= static_cast<double>(k - 1) * width)
        --k;
    while (dt > static_cast<double>(k) * width && k <= bands)
        ++k;
    return k > bands ? bands : k - 1;
}

std::vector<ClosePair> close_pairs(std::span<const double> x, std::span<const double> y, const DistanceRows& rows,
                                   const core::CancelToken* cancel)
{
    const std::size_t n = x.size();
    const double reach = rows.width * static_cast<double>(rows.bands);
    std::vector<ClosePair> out;
    if (n < 2 || !(reach > 0))
        return out;
    // Grid of cells `reach` wide; events sorted by cell so that each cell is one range.
    double x0 = x[0], y0 = y[0];
    for (std::size_t i = 1; i < n; ++i) {
        x0 = std::min(x0, x[i]);
        y0 = std::min(y0, y[i]);
    }
    auto cell_of = [&](std::size_t i) {
        const auto cx = static_cast<std::int64_t>(std::floor((x[i] - x0) / reach));
        const auto cy = static_cast<std::int64_t>(std::floor((y[i] - y0) / reach));
        return std::pair<std::int64_t, std::int64_t>{cx, cy};
    };
    std::vector<std::pair<std::int64_t, std::int64_t>> cell(n);
    for (std::size_t i = 0; i < n; ++i)
        cell[i] = cell_of(i);
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return cell[a] < cell[b]; });
    auto key = [](std::int64_t cx, std::int64_t cy) { return (static_cast<std::uint64_t>(cx) << 32) ^ static_cast<std::uint32_t>(cy); };
    std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> ranges;
    for (std::size_t s = 0; s < n;) {
        std::size_t e = s + 1;
        while (e < n && cell[order[e]] == cell[order[s]])
            ++e;
        ranges.emplace(key(cell[order[s]].first, cell[order[s]].second), std::pair{s, e});
        s = e;
    }
    // Half stencil: each pair of cells is visited once.
    static constexpr int stencil[4][2] = {{1, -1}, {1, 0}, {1, 1}, {0, 1}};
    const double reach2 = reach * reach;
    auto consider = [&](std::uint32_t a, std::uint32_t b) {
        const double dx = x[a] - x[b], dy = y[a] - y[b];
        const double d2 = dx * dx + dy * dy;
        if (d2 > reach2)
            return;
        const auto r = rows.row_of(d2);
        if (r < rows.rows())
            out.push_back({std::min(a, b), std::max(a, b), static_cast<std::uint32_t>(r)});
    };
    // Visit cells in sorted order (deterministic, independent of the hash map's order).
    std::size_t visited = 0;
    for (std::size_t s = 0; s < n;) {
        const auto [s0, e0] = ranges.at(key(cell[order[s]].first, cell[order[s]].second));
        if (cancel && ++visited % 4096 == 0)
            cancel->check();
        for (std::size_t i = s0; i < e0; ++i)
            for (std::size_t j = i + 1; j < e0; ++j)
                consider(order[i], order[j]);
        const auto [cx, cy] = cell[order[s0]];
        for (const auto& d : stencil) {
            auto it = ranges.find(key(cx + d[0], cy + d[1]));
            if (it == ranges.end())
                continue;
            const auto [s1, e1] = it->second;
            for (std::size_t i = s0; i < e0; ++i)
                for (std::size_t j = s1; j < e1; ++j)
                    consider(order[i], order[j]);
        }
        s = e0;
    }
    return out;
}

std::vector<std::uint64_t> time_band_pairs(std::span<const double> t, const TimeBands& bands)
{
    std::vector<double> s(t.begin(), t.end());
    std::sort(s.begin(), s.end());
    const std::size_t n = s.size();
    // within[k]: pairs with |dt| ≤ (k+1)·v, by two pointers per boundary.
    std::vector<std::uint64_t> within(bands.bands, 0), out(bands.bands, 0);
    for (std::size_t k = 0; k < bands.bands; ++k) {
        const double limit = static_cast<double>(k + 1) * bands.width;
        std::size_t lo = 0;
        std::uint64_t c = 0;
        for (std::size_t j = 0; j < n; ++j) {
            while (s[j] - s[lo] > limit)
                ++lo;
            c += j - lo;
        }
        within[k] = c;
        out[k] = c - (k > 0 ? within[k - 1] : 0);
    }
    return out;
}

namespace {

void count_cells(const std::vector<ClosePair>& pairs, const std::vector<double>& time, const TimeBands& bands,
                 std::uint64_t* counts)
{
    const double reach = bands.width * static_cast<double>(bands.bands);
    if (bands.bands == 1) {  // the Knox table: one comparison per pair
        for (const auto& p : pairs)
            counts[p.row] += std::abs(time[p.a] - time[p.b]) <= reach ? 1u : 0u;
        return;
    }
    for (const auto& p : pairs) {
        const double dt = std::abs(time[p.a] - time[p.b]);
        if (dt > reach)
            continue;
        counts[p.row * bands.bands + bands.band_of(dt)] += 1;
    }
}

}  // namespace

CellCounts permuted_cell_counts(const std::vector<ClosePair>& pairs, std::span<const double> t, std::size_t rows,
                                const TimeBands& bands, const PermutationOptions& options,
                                const core::CancelToken* cancel)
{
    const std::size_t cells = rows * bands.bands, n = t.size();
    CellCounts out;
    out.observed.assign(cells, 0);
    const std::vector<double> times(t.begin(), t.end());
    count_cells(pairs, times, bands, out.observed.data());
    out.sum.assign(cells, 0.0);
    out.sum_sq.assign(cells, 0.0);
    out.ge.assign(cells, 0);
    out.le.assign(cells, 0);
    const std::uint32_t perms = options.permutations;
    if (perms == 0 || n < 2)
        return out;
    std::vector<std::uint64_t> per(static_cast<std::size_t>(perms) * cells, 0);
    parallel_blocks(perms, options.threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t> order(n);
        std::vector<double> permuted(n);
        for (std::size_t p = begin; p < end; ++p) {
            if (cancel)
                cancel->check();
            std::iota(order.begin(), order.end(), 0u);
            SplitMix64 rng(stream_key(options.seed, p));
            for (std::size_t k = n - 1; k > 0; --k)  // Fisher-Yates, as total_permutation
                std::swap(order[k], order[rng.below(static_cast<std::uint32_t>(k + 1))]);
            for (std::size_t k = 0; k < n; ++k)
                permuted[k] = times[order[k]];
            count_cells(pairs, permuted, bands, per.data() + p * cells);
        }
    });
    for (std::size_t p = 0; p < perms; ++p)  // index order: identical for any thread count
        for (std::size_t c = 0; c < cells; ++c) {
            const auto v = per[p * cells + c];
            const double d = static_cast<double>(v);
            out.sum[c] += d;
            out.sum_sq[c] += d * d;
            out.ge[c] += v >= out.observed[c] ? 1u : 0u;
            out.le[c] += v <= out.observed[c] ? 1u : 0u;
        }
    return out;
}

}  // namespace trygg::stats::detail
