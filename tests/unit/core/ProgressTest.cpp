// SPDX-License-Identifier: MIT
// JSON progress is throttled: a loop over 50,000 districts must not print 50,000 lines (issue 21).
#include <trygg/core/progress.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<nlohmann::json> json_lines(const std::string& text)
{
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(nlohmann::json::parse(line));
    return out;
}

}  // namespace

TEST(Progress, JsonEventsAreThrottledButKeepFirstAndLast)
{
    std::ostringstream progress, messages;
    const auto start = std::chrono::steady_clock::now();
    {
        auto reporter = trygg::core::make_stream_reporter(trygg::core::ProgressStyle::json, progress, messages);
        const std::uint64_t n = 50000;
        for (std::uint64_t i = 1; i <= n; ++i)
            reporter->progress("write.gpkg", i, n);
        reporter->progress("write.report", 0, 3);
    }
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    const auto lines = json_lines(progress.str());
    ASSERT_GE(lines.size(), 3u);
    // first event, then at most one every 200 ms, then the completion; then the next stage's first
    EXPECT_LE(lines.size(), static_cast<std::size_t>(3 + elapsed_ms / 200 + 1)) << elapsed_ms << " ms";
    EXPECT_EQ(lines.front()["done"], 1);
    EXPECT_EQ(lines[lines.size() - 2]["done"], 50000);
    EXPECT_EQ(lines.back()["stage"], "write.report");
    EXPECT_EQ(lines.back()["done"], 0);
}
