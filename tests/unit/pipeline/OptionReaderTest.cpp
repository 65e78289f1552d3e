// SPDX-License-Identifier: MIT
// Typed option reads: a whole number is checked against its range before it is narrowed, so a
// value that does not fit (4294967297 for an int) is an error naming the stage and the option,
// never a silent wrap.
#include "../../../engine/src/pipeline/stages/option_reader.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

using namespace trygg;
using trygg::pipeline::OptionReader;

namespace {

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const core::PipelineError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(OptionReader, IntegerInRangeIsRead)
{
    const auto o = nlohmann::json::parse(R"({"a": 5, "b": -3, "c": 0})");
    const OptionReader r(o, "agg");
    EXPECT_EQ(r.integer<int>("a", 0, 10), 5);
    EXPECT_EQ(r.integer<int>("b", -5, 5), -3);
    EXPECT_EQ(r.integer<std::uint32_t>("c", 0, 10), 0u);
}

TEST(OptionReader, IntegerThatWouldWrapIsOneError)
{
    // 4294967297 = 2^32 + 1: static_cast<int> gives 1, which is what the old reads produced.
    const auto o = nlohmann::json::parse(R"({"suppress_below": 4294967297})");
    EXPECT_EQ(static_cast<int>(o["suppress_below"].get<std::uint64_t>()), 1);
    const OptionReader r(o, "agg");
    EXPECT_EQ(error_of([&] { r.integer<int>("suppress_below", 0, 1000000); }),
              "agg: \"suppress_below\" must be a whole number from 0 to 1000000, got 4294967297");
}

TEST(OptionReader, IntegerBelowRangeOrOfAnotherTypeIsAnError)
{
    const auto o = nlohmann::json::parse(R"({"a": -1, "b": 2.5, "c": 18446744073709551615})");
    const OptionReader r(o, "t");
    EXPECT_EQ(error_of([&] { r.integer<std::uint64_t>("a", 0, 100); }),
              "t: \"a\" must be a whole number from 0 to 100, got -1");
    EXPECT_EQ(error_of([&] { r.integer<int>("b", 0, 100); }), "t: \"b\" must be a whole number from 0 to 100, got 2.5");
    EXPECT_FALSE(r.try_integer<std::int64_t>("c", INT64_MIN, INT64_MAX).has_value());
    EXPECT_EQ(r.try_integer<std::uint64_t>("c", 0, UINT64_MAX), UINT64_MAX);
    EXPECT_TRUE(r.negative("a"));
    EXPECT_FALSE(r.negative("c"));
}

TEST(OptionReader, NumberMustBeFiniteAndInRange)
{
    nlohmann::json o = {{"share", 1.5}, {"inf", std::numeric_limits<double>::infinity()}, {"ok", 0.25}};
    const OptionReader r(o, "assign");
    EXPECT_EQ(r.number("ok", 0.0, 1.0), 0.25);
    EXPECT_EQ(error_of([&] { r.number("share", 0.0, 1.0); }),
              "assign: \"share\" must be a finite number from 0.0 to 1.0, got 1.5");
    EXPECT_EQ(error_of([&] { r.number("inf"); }), "assign: \"inf\" must be a finite number, got inf");
}
