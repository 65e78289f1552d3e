// SPDX-License-Identifier: MIT
#include <trygg/core/warning_code.hpp>

#include <deque>
#include <mutex>
#include <utility>

namespace trygg::core {

namespace {

// A run warns a few dozen times at most; a batch of many runs in one process keeps only the
// latest (a warning is looked up as it is printed, right after it is recorded).
constexpr std::size_t keep = 256;
std::mutex g_mutex;
std::deque<std::pair<std::string, ErrorDetail>> g_recorded;

}  // namespace

const std::string& coded_warning(const std::string& message, ErrorDetail detail)
{
    std::lock_guard lock(g_mutex);
    if (g_recorded.size() >= keep)
        g_recorded.pop_front();
    g_recorded.emplace_back(message, std::move(detail));
    return message;
}

std::optional<ErrorDetail> warning_detail(const std::string& message)
{
    std::lock_guard lock(g_mutex);
    // Exact text only (unlike errors, no stage prefix is added): the latest recording wins.
    for (auto it = g_recorded.rbegin(); it != g_recorded.rend(); ++it)
        if (it->first == message)
            return it->second;
    return std::nullopt;
}

}  // namespace trygg::core
