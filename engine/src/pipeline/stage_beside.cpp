// SPDX-License-Identifier: MIT
#include "stage_beside.hpp"

#include <trygg/pipeline/stage_registry.hpp>

#include <algorithm>
#include <ctime>

namespace trygg::pipeline {

double process_cpu_seconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

namespace {
bool is_read(const PlannedStage& ps) { return ps.spec.type.rfind("read.", 0) == 0; }
}  // namespace

bool may_run_beside(const std::vector<PlannedStage>& planned, std::size_t current, unsigned threads)
{
    const std::size_t next = current + 1;
    if (threads < 2 || next >= planned.size())
        return false;
    if (!is_read(planned[current]) || !is_read(planned[next]))
        return false;
    return std::all_of(planned[next].resolved.begin(), planned[next].resolved.end(),
                       [&](const PlannedInput& r) { return r.stage < current; });
}

StageBeside::StageBeside(const PlannedStage& ps, const StageRegistry& registry,
                         std::vector<std::shared_ptr<const Artifact>> inputs, std::vector<NamedInput> named,
                         const RunSettings& settings, const core::CancelToken& run_cancel, bool published,
                         Clock::time_point run_start)
    : cancel_(&run_cancel)
{
    manifest_.set_published(published);
    ctx_ = std::make_unique<StageContext>(ps.spec.tag, *ps.descriptor, ps.options, std::move(inputs), settings,
                                          reporter_, cancel_, manifest_, std::move(named));
    stage_ = registry.make(ps.spec.type);
    done_ = std::async(std::launch::async, [this, run_start] {
        Finished f;
        const auto wall0 = Clock::now();
        const double cpu0 = process_cpu_seconds();
        f.artifact = stage_->run(*ctx_);
        f.start_s = std::chrono::duration<double>(wall0 - run_start).count();
        f.wall_s = std::chrono::duration<double>(Clock::now() - wall0).count();
        f.cpu_s = process_cpu_seconds() - cpu0;
        return f;
    });
}

StageBeside::~StageBeside()
{
    if (done_.valid()) {
        cancel_.cancel();
        done_.wait();
    }
}

StageBeside::Finished StageBeside::finish(core::Reporter& reporter, Manifest& manifest)
{
    done_.wait();
    reporter_.pass_on(reporter);
    manifest.absorb(manifest_);
    return done_.get();  // its error, if it failed
}

void StageBeside::HeldReporter::progress(const std::string& stage, std::uint64_t done, std::uint64_t total)
{
    std::lock_guard lock(mutex_);
    last_progress_ = {stage, done, total, true};
}

void StageBeside::HeldReporter::message(core::Level level, const std::string& stage, const std::string& text)
{
    message_with_published(level, stage, text, text);
}

void StageBeside::HeldReporter::message_with_published(core::Level level, const std::string& stage,
                                                       const std::string& text, const std::string& published)
{
    std::lock_guard lock(mutex_);
    messages_.push_back({level, stage, text, published});
}

void StageBeside::HeldReporter::pass_on(core::Reporter& to)
{
    std::lock_guard lock(mutex_);
    // Its progress as it stood at the end (every step of it happened while another was shown).
    if (last_progress_.any)
        to.progress(last_progress_.stage, last_progress_.done, last_progress_.total);
    for (const auto& m : messages_)
        to.message_with_published(m.level, m.stage, m.text, m.published);
    messages_.clear();
    last_progress_.any = false;
}

}  // namespace trygg::pipeline
