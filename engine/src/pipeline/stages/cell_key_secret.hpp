// SPDX-License-Identifier: MIT
#pragma once
// Where aggregate's cell-key secret comes from. Never from the pipeline file (its options are
// copied into the manifest) and never the seed (published): the file named by
// "cell_key_secret_file", else the environment variable named by "cell_key_secret_env". The
// text is trimmed; only its digest is kept (stats::CellKeySecret), and nothing of it is written.
#include <trygg/stats/cell_key.hpp>

#include <filesystem>
#include <string>

namespace trygg::pipeline {

// Shorter secrets are refused: with the code public, a short one could be guessed.
constexpr std::size_t min_cell_key_secret_length = 16;

// `file`: empty when the option is not set. Throws core::PipelineError "<tag>: ..." (exit 3)
// when there is no secret or it is too short, core::InputError when the file cannot be read.
stats::CellKeySecret load_cell_key_secret(const std::filesystem::path& file, const std::string& env_name,
                                          const std::string& tag);

}  // namespace trygg::pipeline
