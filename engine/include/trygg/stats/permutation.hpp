// SPDX-License-Identifier: MIT
#pragma once
// The one permutation engine. Statistics supply only an observed value and a way to compute
// a permuted value; the engine draws the permutations and turns them into pseudo p-values.
//
// Determinism: the random stream of unit i (conditional) or of permutation p (global) is
// keyed on hash(seed, i) / hash(seed, p), so results do not depend on which thread runs it.
// Threads get a fixed contiguous partition and every reduction is done in index order.
#include <trygg/core/progress.hpp>

#include <algorithm>
#include <exception>
#include <cmath>
#include <cstdint>
#include <span>
#include <thread>
#include <vector>

namespace trygg::stats {

// splitmix64: a counter-based generator (Steele, Lea, Flood 2014).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t state) : state_(state) {}
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, m) by multiply-shift (Lemire) on the high 32 bits; the bias, m/2^32, is
    // below 2.5e-4 even for a million units.
    std::uint32_t below(std::uint32_t m)
    {
        return static_cast<std::uint32_t>(((next() >> 32) * m) >> 32);
    }
    // As below(), but each 64-bit output serves two draws (high half, then low half).
    std::uint32_t below_fast(std::uint32_t m)
    {
        if (!have_half_) {
            buffer_ = next();
            have_half_ = true;
            return static_cast<std::uint32_t>(((buffer_ >> 32) * m) >> 32);
        }
        have_half_ = false;
        return static_cast<std::uint32_t>(((buffer_ & 0xFFFFFFFFull) * m) >> 32);
    }

private:
    std::uint64_t state_;
    std::uint64_t buffer_ = 0;
    bool have_half_ = false;
};

inline std::uint64_t stream_key(std::uint64_t seed, std::uint64_t index)
{
    SplitMix64 a(seed);
    const std::uint64_t s = a.next();
    SplitMix64 b(s ^ (index * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull));
    return b.next();
}

struct PermutationOptions {
    std::uint32_t permutations = 999;  // 0: analytic inference only
    std::uint64_t seed = 12345;
    unsigned threads = 1;              // 0: hardware concurrency
};

// Summary of the reference distribution of one statistic.
struct PermutationSummary {
    double p_sim = std::nan("");   // folded pseudo p: (min(#>=obs, #<=obs) + 1) / (perms + 1)
    double mean = std::nan("");
    double sd = std::nan("");      // sample standard deviation (n - 1)
    double z_sim = std::nan("");   // (obs - mean) / sd
};

// Smallest pseudo p that `permutations` can give.
inline double smallest_pseudo_p(std::uint32_t permutations) { return 1.0 / (permutations + 1.0); }

namespace detail {

inline unsigned thread_count(unsigned requested, std::size_t work)
{
    unsigned t = requested == 0 ? std::max(1u, std::thread::hardware_concurrency()) : requested;
    return static_cast<unsigned>(std::min<std::size_t>(t, std::max<std::size_t>(1, work)));
}

// Runs body(begin, end) on fixed contiguous blocks of [0, n).
template <typename Body> void parallel_blocks(std::size_t n, unsigned threads, Body body)
{
    threads = thread_count(threads, n);
    if (threads <= 1) {
        body(std::size_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(threads);
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t b = n * t / threads, e = n * (t + 1) / threads;
        pool.emplace_back([&, t, b, e] {
            try {
                body(b, e);
            } catch (...) {
                errors[t] = std::current_exception();
            }
        });
    }
    for (auto& th : pool)
        th.join();
    for (auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

inline PermutationSummary summarise(double observed, double sum, double sum_sq, std::uint32_t ge, std::uint32_t le,
                                    std::uint32_t perms)
{
    PermutationSummary s;
    const double m = static_cast<double>(perms);
    s.mean = sum / m;
    s.sd = perms > 1 ? std::sqrt(std::max(0.0, (sum_sq - m * s.mean * s.mean) / (m - 1.0))) : std::nan("");
    s.z_sim = (observed - s.mean) / s.sd;
    s.p_sim = (std::min(ge, le) + 1.0) / (m + 1.0);
    return s;
}

}  // namespace detail

// Conditional permutation (local statistics): unit i keeps its value; the values at its
// `draws[i]` neighbour slots are replaced by a random sample, without replacement, of the other
// n - 1 units. `permuted(i, sample)` returns the statistic for that sample (indices of the
// drawn units, in neighbour-slot order). Units with `draws[i] == 0` or a NaN observed value
// get NaN summaries. `cancel` is polled between blocks of units.
template <typename Permuted>
std::vector<PermutationSummary> conditional_permutation(std::span<const double> observed,
                                                        std::span<const std::uint32_t> draws,
                                                        const PermutationOptions& options, Permuted permuted,
                                                        const core::CancelToken* cancel = nullptr)
{
    const std::size_t n = observed.size();
    std::vector<PermutationSummary> out(n);
    if (options.permutations == 0 || n < 2)
        return out;
    detail::parallel_blocks(n, options.threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t> sample;
        std::vector<std::uint32_t> stamp;  // allocated on first use (many neighbours)
        std::uint32_t tick = 0;
        const auto others = static_cast<std::uint32_t>(n - 1);
        for (std::size_t i = begin; i < end; ++i) {
            // Every unit: one unit is `permutations` draws (up to 10^6), seconds on its own.
            if (cancel)
                cancel->check();
            const std::uint32_t k = draws[i];
            if (k == 0 || std::isnan(observed[i]))
                continue;
            if (k > others)
                continue;
            SplitMix64 rng(stream_key(options.seed, i));
            sample.resize(k);
            double sum = 0.0, sum_sq = 0.0;
            std::uint32_t ge = 0, le = 0;
            // Few neighbours (the usual case): duplicates are found by scanning the sample,
            // which stays in cache; many neighbours: a stamp per unit.
            const bool small = k <= 24;
            for (std::uint32_t p = 0; p < options.permutations; ++p) {
                if (small) {
                    for (std::uint32_t s = 0; s < k; ++s) {
                        std::uint32_t j;
                        bool again;
                        do {
                            j = rng.below_fast(others);
                            j += j >= i ? 1u : 0u;  // skip unit i itself
                            again = false;
                            for (std::uint32_t t = 0; t < s; ++t)
                                again = again || sample[t] == j;
                        } while (again);
                        sample[s] = j;
                    }
                } else {
                    if (stamp.empty())
                        stamp.assign(n, 0);
                    if (++tick == 0) {  // stamps wrapped: reset
                        std::fill(stamp.begin(), stamp.end(), 0);
                        tick = 1;
                    }
                    stamp[i] = tick;
                    for (std::uint32_t s = 0; s < k; ++s) {
                        std::uint32_t j;
                        do {
                            j = rng.below_fast(others);
                            j += j >= i ? 1u : 0u;
                        } while (stamp[j] == tick);
                        stamp[j] = tick;
                        sample[s] = j;
                    }
                }
                const double v = permuted(i, std::span<const std::uint32_t>(sample));
                sum += v;
                sum_sq += v * v;
                ge += v >= observed[i] ? 1u : 0u;
                le += v <= observed[i] ? 1u : 0u;
            }
            out[i] = detail::summarise(observed[i], sum, sum_sq, ge, le, options.permutations);
        }
    });
    return out;
}

// Total permutation (global statistics): permutation p shuffles all n values with its own
// stream; `permuted(order)` returns the statistic with value k taken from unit order[k].
template <typename Permuted>
PermutationSummary total_permutation(double observed, std::size_t n, const PermutationOptions& options,
                                     Permuted permuted, const core::CancelToken* cancel = nullptr)
{
    if (options.permutations == 0 || n < 2)
        return {};
    std::vector<double> values(options.permutations);
    detail::parallel_blocks(options.permutations, options.threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t> order(n);
        for (std::size_t p = begin; p < end; ++p) {
            if (cancel && (p - begin) % 64 == 0)
                cancel->check();
            for (std::size_t k = 0; k < n; ++k)
                order[k] = static_cast<std::uint32_t>(k);
            SplitMix64 rng(stream_key(options.seed, p));
            for (std::size_t k = n - 1; k > 0; --k)  // Fisher-Yates
                std::swap(order[k], order[rng.below(static_cast<std::uint32_t>(k + 1))]);
            values[p] = permuted(std::span<const std::uint32_t>(order));
        }
    });
    double sum = 0.0, sum_sq = 0.0;
    std::uint32_t ge = 0, le = 0;
    for (double v : values) {  // index order: identical for any thread count
        sum += v;
        sum_sq += v * v;
        ge += v >= observed ? 1u : 0u;
        le += v <= observed ? 1u : 0u;
    }
    return detail::summarise(observed, sum, sum_sq, ge, le, options.permutations);
}

}  // namespace trygg::stats
