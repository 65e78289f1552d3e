// SPDX-License-Identifier: MIT
#pragma once
// The run manifest: inputs (path, size, SHA-256), stages with their effective options,
// versions, settings, row accounting and warnings. Written into the GeoPackage and beside it.
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace trygg::pipeline {

// Where every input row of one source ended up. used + outside + not_located + rejected == rows.
struct RowAccounting {
    std::string source;  // file path as given
    std::uint64_t rows = 0;
    std::uint64_t used = 0;
    std::uint64_t outside = 0;
    std::uint64_t not_located = 0;
    std::uint64_t rejected = 0;
    bool balanced() const { return used + outside + not_located + rejected == rows; }
};

class Manifest {
public:
    Manifest() = default;
    Manifest(const Manifest&) = delete;
    Manifest& operator=(const Manifest&) = delete;
    ~Manifest();
    // A file input: its path, size and SHA-256 (computed in the background, resolved when the
    // manifest is read).
    void record_input(const std::string& stage, const std::filesystem::path& path);
    // A database input (issue 20): its provenance (server, database, table, rows, content
    // checksum) added to the entry record_input made for `source` (shown without a password).
    void record_database_input(const std::string& stage, const std::string& source, nlohmann::json provenance);
    // `inputs`: the tags of the stages it consumed, as plan() resolved them (left out when none).
    void record_stage(const std::string& tag, const std::string& type, const nlohmann::json& options,
                      const std::vector<std::string>& inputs = {});
    void record_accounting(const std::string& stage, const RowAccounting& accounting);
    void record_warning(const std::string& text);
    // A message as it passed the reporter: `text` in full, `published` without input data
    // (the same as `text` for most messages). Warnings are listed in the manifest: their
    // published text when the manifest is published (set_published), else the full text.
    // Every message goes to log() with its full text.
    void record_message(bool warning, const std::string& stage, const std::string& text, const std::string& published);
    void set_published(bool published);
    struct LogEntry {
        std::string level;  // "warning" or "info"
        std::string stage;
        std::string text;
    };
    // Every message in full, for the internal file of a published run (`internal_log`).
    std::vector<LogEntry> log() const;
    // Some message's published text leaves out what its full text says.
    bool has_unpublished_detail() const;
    void record_output(const std::filesystem::path& path, const std::string& what);
    // Wall-clock and process CPU seconds (all threads) a finished stage took. Written under
    // "timings" unless SOURCE_DATE_EPOCH is set (reproducible output asked for: timings would
    // make otherwise identical runs differ). A stage that writes the manifest (write.gpkg)
    // cannot include its own time.
    // `start_s`: when it started, seconds after the run began; `beside`: the tag of a stage it
    // ran beside (their CPU times then overlap).
    void record_timing(const std::string& tag, const std::string& type, double start_s, double wall_s, double cpu_s,
                       const std::string& beside = {});
    void set(const std::string& key, nlohmann::json value);
    // Appends what `other` recorded (a stage run beside another, at its turn): inputs with their
    // pending hashes, accounting, warnings, log, outputs, timings and keys set.
    void absorb(Manifest& other);

    // Accounting by stage tag, latest record per source wins (assign refines read.incidents).
    std::vector<RowAccounting> accounting() const;
    nlohmann::json to_json() const;

private:
    // Each input's "sha256" from its pending hash (under mutex_).
    void resolve_hashes() const;

    mutable std::mutex mutex_;
    mutable nlohmann::json inputs_ = nlohmann::json::array();
    // Hashes still being computed: (index into inputs_, the hash).
    mutable std::vector<std::pair<std::size_t, std::shared_future<std::string>>> pending_hashes_;
    std::shared_ptr<std::atomic<bool>> stop_hashing_ = std::make_shared<std::atomic<bool>>(false);
    std::vector<std::shared_ptr<std::atomic<bool>>> stop_absorbed_;  // of hashes taken by absorb()
    nlohmann::json stages_ = nlohmann::json::array();
    std::vector<std::pair<std::string, RowAccounting>> accounting_;
    std::vector<std::string> warnings_;            // full text
    std::vector<std::string> published_warnings_;  // the same without input data
    std::vector<LogEntry> log_;
    bool published_ = false;
    bool unpublished_detail_ = false;
    nlohmann::json outputs_ = nlohmann::json::array();
    nlohmann::json timings_ = nlohmann::json::array();
    nlohmann::json extra_ = nlohmann::json::object();
};

// Lowercase hex SHA-256 of a file's bytes.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace trygg::pipeline
