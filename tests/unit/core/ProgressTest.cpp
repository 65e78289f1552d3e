// SPDX-License-Identifier: MIT
// JSON progress is throttled: a loop over 50,000 districts must not print 50,000 lines (issue 21).
#include <trygg/core/progress.hpp>
#include <trygg/core/warning_code.hpp>

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

// Issue 18 (sheets28): a coded warning carries its code and parameters in the JSON line, so the
// plugin can say it in Swedish; an uncoded one carries neither; a password never shows.
TEST(Progress, JsonWarningCarriesItsCodeAndParameters)
{
    using namespace trygg::core;
    std::ostringstream progress, messages;
    {
        auto reporter = make_stream_reporter(ProgressStyle::json, progress, messages);
        const std::string text = "91 rows repeat an earlier row (ProgressTest)";
        reporter->warn("register", coded_warning(text, {"duplicate_rows", {{"count", "91"}, {"file", "/d/reg.csv"},
                                                                            {"message", "not over the text"}}}));
        reporter->warn("register", "an uncoded warning (ProgressTest)");
        reporter->warn("pg", coded_warning("pg warning (ProgressTest)",
                                           {"no_rows", {{"file", "PG:dbname=x password=hemlig"}}}));
    }
    const auto lines = json_lines(progress.str());
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]["code"], "duplicate_rows");
    EXPECT_EQ(lines[0]["count"], "91");
    EXPECT_EQ(lines[0]["file"], "/d/reg.csv");
    EXPECT_EQ(lines[0]["message"], "91 rows repeat an earlier row (ProgressTest)");  // reserved key kept
    EXPECT_EQ(lines[0]["level"], "warning");
    EXPECT_FALSE(lines[1].contains("code"));
    EXPECT_EQ(lines[2]["code"], "no_rows");
    EXPECT_EQ(lines[2]["file"].get<std::string>().find("hemlig"), std::string::npos) << lines[2].dump();
}

TEST(Progress, WarningDetailMatchesTheExactTextOnly)
{
    using namespace trygg::core;
    coded_warning("exact text (ProgressTest)", {"no_rows", {}});
    EXPECT_TRUE(warning_detail("exact text (ProgressTest)").has_value());
    EXPECT_FALSE(warning_detail("tag: exact text (ProgressTest)").has_value());
    EXPECT_FALSE(warning_detail("exact text").has_value());
}
