// SPDX-License-Identifier: MIT
#pragma once
// Progress, messages and cancellation: the one channel through which stages talk to the user.
// The CLI picks a terminal bar, JSON lines (--progress=json) or silence; tests collect messages.
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace trygg::core {

enum class Level { info, warning };

class Reporter {
public:
    virtual ~Reporter() = default;
    // `done` of `total` units of work in `stage` (total 0 = unknown).
    virtual void progress(const std::string& stage, std::uint64_t done, std::uint64_t total) = 0;
    virtual void message(Level level, const std::string& stage, const std::string& text) = 0;
    // A message whose `text` quotes input data (row numbers, ids, values, area codes):
    // `published` says the same without them, for the published run manifest; the terminal
    // and the internal file get `text`. Reporters that publish nothing show `text`.
    virtual void message_with_published(Level level, const std::string& stage, const std::string& text,
                                        const std::string& /*published*/)
    {
        message(level, stage, text);
    }

    void info(const std::string& stage, const std::string& text) { message(Level::info, stage, text); }
    void warn(const std::string& stage, const std::string& text) { message(Level::warning, stage, text); }
    void warn(const std::string& stage, const std::string& text, const std::string& published)
    {
        message_with_published(Level::warning, stage, text, published);
    }
};

// Set from a signal handler or another thread; stages poll it between chunks of work.
class CancelToken {
public:
    CancelToken() = default;
    // Also cancelled when `parent` is: a stage run beside another hears the run's cancel and
    // can be stopped on its own.
    explicit CancelToken(const CancelToken* parent) : parent_(parent) {}
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept
    {
        return flag_.load(std::memory_order_relaxed) || (parent_ && parent_->cancelled());
    }
    // Throws core::Cancelled when cancelled.
    void check() const;

private:
    std::atomic<bool> flag_{false};
    const CancelToken* parent_ = nullptr;
};

enum class ProgressStyle { bar, json, quiet };

// Progress on `progress_out` in the given style; warnings always go to `messages_out`
// (as JSON lines in json style so a machine reader sees them in order).
std::unique_ptr<Reporter> make_stream_reporter(ProgressStyle style, std::ostream& progress_out,
                                               std::ostream& messages_out);

// Keeps every message; used by tests and by the manifest (warnings are recorded there).
class CollectingReporter : public Reporter {
public:
    struct Entry {
        Level level;
        std::string stage;
        std::string text;
    };
    explicit CollectingReporter(Reporter* forward = nullptr) : forward_(forward) {}
    void progress(const std::string& stage, std::uint64_t done, std::uint64_t total) override;
    void message(Level level, const std::string& stage, const std::string& text) override;
    std::vector<Entry> entries() const;
    std::vector<std::string> warnings() const;

private:
    Reporter* forward_;
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
};

}  // namespace trygg::core
