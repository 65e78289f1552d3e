// SPDX-License-Identifier: MIT
#include <trygg/core/error_detail.hpp>

#include <mutex>

namespace trygg::core {

namespace {

struct Recorded {
    std::string message;
    ErrorDetail detail;
};

// A run fails once; a few entries are plenty (errors caught and handled inside a stage may
// also record one). Guarded: stages throw from worker threads too.
constexpr std::size_t keep = 32;
std::mutex g_mutex;
std::vector<Recorded> g_recorded;

bool ends_with(const std::string& text, const std::string& tail)
{
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// The best entry for `message` (exact, else the longest recorded message it ends with).
Recorded* find(const std::string& message)
{
    Recorded* best = nullptr;
    for (auto it = g_recorded.rbegin(); it != g_recorded.rend(); ++it)
        if (!it->message.empty() && ends_with(message, it->message) &&
            (!best || it->message.size() > best->message.size()))
            best = &*it;
    return best;
}

}  // namespace

const std::string* ErrorDetail::param(const std::string& name) const
{
    for (const auto& [k, v] : params)
        if (k == name)
            return &v;
    return nullptr;
}

void ErrorDetail::add_param(const std::string& name, const std::string& value)
{
    if (!param(name))
        params.emplace_back(name, value);
}

void remember_error_detail(const std::string& message, ErrorDetail detail)
{
    std::lock_guard lock(g_mutex);
    if (g_recorded.size() >= keep)
        g_recorded.erase(g_recorded.begin());
    g_recorded.push_back({message, std::move(detail)});
}

std::optional<ErrorDetail> error_detail(const std::string& message)
{
    std::lock_guard lock(g_mutex);
    if (auto* r = find(message))
        return r->detail;
    return std::nullopt;
}

void add_error_param(const std::string& message, const std::string& name, const std::string& value)
{
    std::lock_guard lock(g_mutex);
    if (auto* r = find(message)) {
        r->detail.add_param(name, value);
        return;
    }
    if (g_recorded.size() >= keep)
        g_recorded.erase(g_recorded.begin());
    g_recorded.push_back({message, {"", {{name, value}}}});
}

}  // namespace trygg::core
