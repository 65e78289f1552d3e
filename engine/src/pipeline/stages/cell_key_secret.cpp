// SPDX-License-Identifier: MIT
#include "cell_key_secret.hpp"

#include <trygg/core/error.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace trygg::pipeline {

namespace {

// Without the spaces and line ends around it (a file written by an editor ends in a newline).
std::string trimmed(std::string_view text)
{
    const char* space = " \t\r\n\f\v";
    const auto b = text.find_first_not_of(space);
    if (b == std::string_view::npos)
        return {};
    return std::string(text.substr(b, text.find_last_not_of(space) - b + 1));
}

}  // namespace

stats::CellKeySecret load_cell_key_secret(const std::filesystem::path& file, const std::string& env_name,
                                          const std::string& tag)
{
    std::string text, from;
    if (!file.empty()) {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw core::InputError(tag + ": cannot read the cell-key secret file '" + file.string() + "'");
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = trimmed(buffer.str());
        from = "the file '" + file.string() + "'";
    } else {
        const char* value = env_name.empty() ? nullptr : std::getenv(env_name.c_str());
        text = value ? trimmed(value) : std::string();
        from = "the environment variable " + env_name;
    }
    if (text.empty())
        throw core::PipelineError(tag + ": \"disclosure\": \"cell_key\" needs a secret and " + from +
                                  " holds none; put one in a file named by \"cell_key_secret_file\" or in the "
                                  "environment variable named by \"cell_key_secret_env\" "
                                  "(default TRYGG_CELL_KEY_SECRET)");
    if (text.size() < min_cell_key_secret_length)
        throw core::PipelineError(tag + ": the cell-key secret in " + from + " is " + std::to_string(text.size()) +
                                  " characters; use at least " + std::to_string(min_cell_key_secret_length) +
                                  " (a short secret can be guessed)");
    return stats::CellKeySecret::from_text(text);
}

}  // namespace trygg::pipeline
