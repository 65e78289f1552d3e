// SPDX-License-Identifier: MIT
#pragma once
// Work split into contiguous slices, one thread each (the caller's thread takes the first):
// for loops over millions of records whose iterations are independent.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace trygg::core {

// Calls fn(begin, end) for `threads` slices of [0, n) of about equal size, and returns when
// all have finished; the first exception thrown is rethrown. Below `min_per_thread` items a
// slice, fewer threads are used (starting one costs more than a small loop).
template <class Fn>
void for_each_slice(std::size_t n, unsigned threads, Fn&& fn, std::size_t min_per_thread = 65536)
{
    const std::size_t t = std::max<std::size_t>(
        1, std::min<std::size_t>(threads, min_per_thread ? n / min_per_thread : n));
    if (t <= 1) {
        fn(std::size_t{0}, n);
        return;
    }
    std::vector<std::exception_ptr> errors(t);
    std::vector<std::thread> pool;
    pool.reserve(t - 1);
    const auto run = [&](std::size_t k) {
        try {
            fn(n * k / t, n * (k + 1) / t);
        } catch (...) {
            errors[k] = std::current_exception();
        }
    };
    for (std::size_t k = 1; k < t; ++k)
        pool.emplace_back(run, k);
    run(0);
    for (auto& th : pool)
        th.join();
    for (auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

// Runs the tasks on up to `threads` threads, each taking the next task not yet started: give
// the largest first. Returns when all have finished; the first exception is rethrown.
inline void run_tasks(const std::vector<std::function<void()>>& tasks, unsigned threads)
{
    std::atomic<std::size_t> next{0};
    for_each_slice(
        std::min<std::size_t>(threads, tasks.size()), threads,
        [&](std::size_t, std::size_t) {
            for (std::size_t k = next++; k < tasks.size(); k = next++)
                tasks[k]();
        },
        1);
}

}  // namespace trygg::core
