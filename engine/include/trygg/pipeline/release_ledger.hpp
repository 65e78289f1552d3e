// SPDX-License-Identifier: MIT
#pragma once
// The release ledger: a small SQLite file the operator keeps beside the internal data (path in
// the pipeline's top-level "ledger"). Each successful publication appends a Release; a new
// publication is checked against all of them before anything is written (release_check.hpp).
// The file holds true counts and district geometries: it is internal, never publish it.
#include <trygg/pipeline/release.hpp>

#include <filesystem>
#include <vector>

namespace trygg::pipeline {

class ReleaseLedger {
public:
    explicit ReleaseLedger(std::filesystem::path path) : path_(std::move(path)) {}
    const std::filesystem::path& path() const { return path_; }

    // Every recorded release, oldest first; none when the file does not exist yet. Throws
    // core::InputError when the file cannot be read or is no ledger.
    std::vector<Release> releases() const;
    // Appends `release` (creating the file and its tables if needed) in one transaction and
    // returns its id. Throws core::OutputError.
    std::int64_t record(const Release& release) const;

private:
    std::filesystem::path path_;
};

}  // namespace trygg::pipeline
