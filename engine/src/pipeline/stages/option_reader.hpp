// SPDX-License-Identifier: MIT
#pragma once
// Reads a stage's options (plan() has applied the declared defaults and types) into typed
// values, each checked against its documented range before use, so that a value that does not
// fit the type it is read into (e.g. 4294967297 for an int) is one clear error instead of a
// silent wrap. Errors are core::PipelineError "<tag>: <message>" (exit code 3).
#include <trygg/core/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace trygg::pipeline {

// Upper bound of every suppress_below: far above any disclosure threshold in use, far below
// where an int wraps.
constexpr int max_threshold = 1'000'000;
// Upper bound of permutation counts and neighbour counts (k).
constexpr long long max_count_option = 100'000'000;

class OptionReader {
public:
    OptionReader(const nlohmann::json& options, std::string tag) : options_(options), tag_(std::move(tag)) {}

    const std::string& tag() const { return tag_; }
    const nlohmann::json& json(const char* name) const
    {
        static const nlohmann::json null_value;
        return options_.contains(name) ? options_.at(name) : null_value;
    }
    bool has(const char* name) const { return !json(name).is_null(); }
    std::string string(const char* name) const { return json(name).get<std::string>(); }
    bool boolean(const char* name) const { return json(name).get<bool>(); }

    // True when the option is a number below zero (for the stages' historical messages).
    bool negative(const char* name) const
    {
        const auto& v = json(name);
        return v.is_number() && !v.is_number_unsigned() && v.get<double>() < 0;
    }

    // A whole number from `min` to `max` (inclusive), read without wrapping.
    template <typename T> T integer(const char* name, T min, T max) const
    {
        if (auto v = try_integer(name, min, max))
            return *v;
        fail("\"" + std::string(name) + "\" must be a whole number from " + std::to_string(min) + " to " +
             std::to_string(max) + ", got " + json(name).dump());
    }
    // The same, none when the value is not a whole number in the range.
    template <typename T> std::optional<T> try_integer(const char* name, T min, T max) const
    {
        static_assert(std::is_integral_v<T>);
        const auto& v = json(name);
        auto in_range = [&](auto x) { return std::cmp_greater_equal(x, min) && std::cmp_less_equal(x, max); };
        if (v.is_number_unsigned() && in_range(v.get<std::uint64_t>()))
            return static_cast<T>(v.get<std::uint64_t>());
        if (v.is_number_integer() && !v.is_number_unsigned() && in_range(v.get<std::int64_t>()))
            return static_cast<T>(v.get<std::int64_t>());
        return std::nullopt;
    }

    // A finite number from `min` to `max` (inclusive).
    double number(const char* name, double min = -std::numeric_limits<double>::max(),
                  double max = std::numeric_limits<double>::max()) const
    {
        const auto& v = json(name);
        const double d = v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
        if (!std::isfinite(d) || d < min || d > max)
            fail("\"" + std::string(name) + "\" must be a finite number" + range_text(min, max) + ", got " +
                 (v.is_number() && !std::isfinite(d) ? std::string(d > 0 ? "inf" : "-inf") : v.dump()));
        return d;
    }

    [[noreturn]] void fail(const std::string& message) const { throw core::PipelineError(tag_ + ": " + message); }

private:
    static std::string format(double d)
    {
        nlohmann::json j = d;
        return j.dump();
    }
    static std::string range_text(double min, double max)
    {
        const bool lo = min > -std::numeric_limits<double>::max(), hi = max < std::numeric_limits<double>::max();
        if (lo && hi)
            return " from " + format(min) + " to " + format(max);
        if (lo)
            return " of at least " + format(min);
        if (hi)
            return " of at most " + format(max);
        return "";
    }

    const nlohmann::json& options_;
    std::string tag_;
};

}  // namespace trygg::pipeline
