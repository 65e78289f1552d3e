// SPDX-License-Identifier: MIT
#pragma once
// Real public data lives outside the repository (../shared/data, or $TRYGG_SHARED_DATA).
// Tests that need it use TRYGG_SHARED_DATA_OR_SKIP: it skips on a machine without the
// folder, and fails instead when TRYGG_REQUIRE_SHARED_DATA=1 or CI=true.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace trygg::test {

inline std::filesystem::path source_dir() { return TRYGG_SOURCE_DIR; }

inline std::filesystem::path shared_data_dir()
{
    if (const char* env = std::getenv("TRYGG_SHARED_DATA"); env && *env)
        return env;
    return source_dir() / ".." / "shared" / "data";
}

inline bool shared_data_required()
{
    const char* env = std::getenv("TRYGG_REQUIRE_SHARED_DATA");
    const char* ci = std::getenv("CI");
    return (env && std::string(env) == "1") || (ci && std::string(ci) == "true");
}

// A fresh empty directory under the system temp dir, removed by the caller if wanted.
inline std::filesystem::path temp_dir(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() /
               ("trygg-test-" + name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                "-" + std::to_string(reinterpret_cast<std::uintptr_t>(&name)));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace trygg::test

#define TRYGG_SHARED_DATA_OR_SKIP(var, relative)                                                   \
    const std::filesystem::path var = ::trygg::test::shared_data_dir() / (relative);               \
    if (!std::filesystem::exists(var)) {                                                           \
        if (::trygg::test::shared_data_required())                                                 \
            FAIL() << "shared data missing: " << var << " (TRYGG_REQUIRE_SHARED_DATA=1)";          \
        else                                                                                       \
            GTEST_SKIP() << "shared data not found: " << var;                                      \
    }
