// SPDX-License-Identifier: MIT
#pragma once
// A stage started before its turn, on its own thread, beside the stage before it (issue 20:
// reading the districts kept one core busy while the other idled, then the register's read
// used both). What it says and records waits for its turn: its messages are passed on, its
// manifest entries taken over and its error thrown only then, so a run reads the same on the
// terminal and in the manifest as when its stages ran one after the other.
#include <trygg/core/progress.hpp>
#include <trygg/pipeline/manifest.hpp>
#include <trygg/pipeline/pipeline.hpp>
#include <trygg/pipeline/stage.hpp>

#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

// CPU time of the whole process (all threads), so a stage's share includes its worker threads.
double process_cpu_seconds();

// Whether the stage after `current` may start beside it: both read an input (read.*), the next
// needs nothing `current` makes, and the run may use more than one thread.
bool may_run_beside(const std::vector<PlannedStage>& planned, std::size_t current, unsigned threads);

class StageBeside {
public:
    using Clock = std::chrono::steady_clock;
    struct Finished {
        std::shared_ptr<const Artifact> artifact;
        double start_s = 0, wall_s = 0, cpu_s = 0;
    };

    // Starts `ps` now; `inputs` and `named` as the runner resolves them for its turn.
    StageBeside(const PlannedStage& ps, const StageRegistry& registry,
                std::vector<std::shared_ptr<const Artifact>> inputs, std::vector<NamedInput> named,
                const RunSettings& settings, const core::CancelToken& run_cancel, bool published,
                Clock::time_point run_start);
    // Not finished (the stage before it failed): cancelled and waited for, its output dropped.
    ~StageBeside();
    StageBeside(const StageBeside&) = delete;
    StageBeside& operator=(const StageBeside&) = delete;

    // At its turn: waits for it, passes its messages to `reporter` and its manifest entries to
    // `manifest`, then returns its artifact or throws its error.
    Finished finish(core::Reporter& reporter, Manifest& manifest);

private:
    // Keeps what the stage says until its turn (the terminal shows the stage before it).
    class HeldReporter : public core::Reporter {
    public:
        void progress(const std::string& stage, std::uint64_t done, std::uint64_t total) override;
        void message(core::Level level, const std::string& stage, const std::string& text) override;
        void message_with_published(core::Level level, const std::string& stage, const std::string& text,
                                    const std::string& published) override;
        void pass_on(core::Reporter& to);

    private:
        struct Held {
            core::Level level;
            std::string stage, text, published;
        };
        std::mutex mutex_;
        std::vector<Held> messages_;
        struct {
            std::string stage;
            std::uint64_t done = 0, total = 0;
            bool any = false;
        } last_progress_;
    };

    core::CancelToken cancel_;
    Manifest manifest_;
    HeldReporter reporter_;
    std::unique_ptr<StageContext> ctx_;
    std::unique_ptr<Stage> stage_;
    std::future<Finished> done_;
};

}  // namespace trygg::pipeline
