// SPDX-License-Identifier: MIT
// Where aggregate's cell-key secret comes from: a file or an environment variable, trimmed; none
// or a short one is a pipeline error (exit 3), an unreadable file an input error.
#include "../../../engine/src/pipeline/stages/cell_key_secret.hpp"

#include <trygg/core/error.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace trygg;
using pipeline::load_cell_key_secret;

namespace {

constexpr const char* secret = "the office's secret, kept fixed";
constexpr const char* variable = "TRYGG_CELL_KEY_SECRET_UNIT_TEST";

std::filesystem::path write_file(const std::string& name, const std::string& text)
{
    const auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST(CellKeySecret, FromAFileOrTheEnvironmentTrimmedTheSameKey)
{
    const auto file = write_file("cell-key-secret", std::string("  ") + secret + "\r\n");
    const auto from_file = load_cell_key_secret(file, variable, "aggregate");
    std::filesystem::remove(file);
    setenv(variable, (std::string("\t") + secret + "\n").c_str(), 1);
    const auto from_env = load_cell_key_secret({}, variable, "aggregate");
    unsetenv(variable);
    EXPECT_TRUE(from_file.is_set());
    EXPECT_EQ(from_file, from_env);
    EXPECT_EQ(from_file, stats::CellKeySecret::from_text(secret));
    EXPECT_NE(from_file, stats::CellKeySecret::from_text("another office's secret"));
}

TEST(CellKeySecret, NoneOrShortIsRefusedAnUnreadableFileIsAnInputError)
{
    unsetenv(variable);
    try {
        (void)load_cell_key_secret({}, variable, "aggregate");
        FAIL() << "no secret accepted";
    } catch (const core::PipelineError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("aggregate: \"disclosure\": \"cell_key\" needs a secret"), std::string::npos) << what;
        EXPECT_NE(std::string(e.what()).find(variable), std::string::npos) << e.what();
    }
    const auto blank = write_file("cell-key-blank", " \n\n");
    EXPECT_THROW((void)load_cell_key_secret(blank, variable, "aggregate"), core::PipelineError);
    std::filesystem::remove(blank);
    setenv(variable, "fifteen chars!!", 1);  // 15 characters: one short
    EXPECT_THROW((void)load_cell_key_secret({}, variable, "aggregate"), core::PipelineError);
    setenv(variable, "sixteen chars!!!", 1);
    EXPECT_TRUE(load_cell_key_secret({}, variable, "aggregate").is_set());
    unsetenv(variable);
    EXPECT_THROW((void)load_cell_key_secret("/nonexistent/secret.txt", variable, "aggregate"), core::InputError);
}
