// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/progress.hpp>
#include <trygg/core/warning_code.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>

namespace trygg::core {

void CancelToken::check() const
{
    if (cancelled())
        throw Cancelled();
}

namespace {

class StreamReporter : public Reporter {
public:
    StreamReporter(ProgressStyle style, std::ostream& progress_out, std::ostream& messages_out)
        : style_(style), progress_out_(progress_out), messages_out_(messages_out)
    {
    }

    ~StreamReporter() override { end_bar(); }

    void progress(const std::string& stage, std::uint64_t done, std::uint64_t total) override
    {
        std::lock_guard lock(mutex_);
        if (style_ == ProgressStyle::quiet)
            return;
        auto now = std::chrono::steady_clock::now();
        bool finished = total != 0 && done >= total;
        if (style_ == ProgressStyle::json) {
            // At most five events a second per stage (a loop over 50,000 districts reported each
            // one), always the first of a stage and its completion.
            if (!finished && stage == json_stage_ && now - last_json_ < std::chrono::milliseconds(200))
                return;
            json_stage_ = stage;
            last_json_ = now;
            nlohmann::json j{{"stage", stage}, {"done", done}, {"total", total}};
            progress_out_ << j.dump() << '\n' << std::flush;
            return;
        }
        // Terminal bar: redraw at most ~10 times a second, always at completion.
        if (!finished && stage == bar_stage_ && now - last_draw_ < std::chrono::milliseconds(100))
            return;
        if (stage != bar_stage_)
            end_bar();
        bar_stage_ = stage;
        last_draw_ = now;
        std::string line = "\r" + stage;
        line.resize(std::max<std::size_t>(line.size(), 20), ' ');
        if (total != 0) {
            const int width = 30;
            auto filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
            line += " [" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(width - filled), ' ') + "] " +
                    std::to_string(done * 100 / total) + "%";
        } else {
            line += " " + std::to_string(done);
        }
        progress_out_ << line << std::flush;
        bar_open_ = true;
    }

    void message(Level level, const std::string& stage, const std::string& full_text) override
    {
        // The console and progress JSON never repeat a password (issue 20).
        const auto text = redact_source(full_text);
        std::lock_guard lock(mutex_);
        if (style_ == ProgressStyle::json) {
            nlohmann::json j{{"stage", stage},
                             {"level", level == Level::warning ? "warning" : "info"},
                             {"message", text}};
            // A coded warning (warning_code.hpp) carries its code and parameters, so a front end
            // can say it in its own language; the four keys above are reserved.
            if (const auto detail = warning_detail(full_text); detail && !detail->code.empty()) {
                j["code"] = detail->code;
                for (const auto& [name, value] : detail->params)
                    if (!j.contains(name))
                        j[name] = redact_source(value);
            }
            progress_out_ << j.dump() << '\n' << std::flush;
            return;
        }
        if (level == Level::info && style_ == ProgressStyle::quiet)
            return;
        end_bar();
        messages_out_ << (level == Level::warning ? "warning: " : "") << stage << ": " << text
                      << '\n'
                      << std::flush;
    }

private:
    void end_bar()
    {
        if (bar_open_) {
            progress_out_ << '\n' << std::flush;
            bar_open_ = false;
        }
        bar_stage_.clear();
    }

    ProgressStyle style_;
    std::ostream& progress_out_;
    std::ostream& messages_out_;
    std::mutex mutex_;
    std::string bar_stage_;
    bool bar_open_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
    std::string json_stage_;
    std::chrono::steady_clock::time_point last_json_{};
};

}  // namespace

std::unique_ptr<Reporter> make_stream_reporter(ProgressStyle style, std::ostream& progress_out,
                                               std::ostream& messages_out)
{
    return std::make_unique<StreamReporter>(style, progress_out, messages_out);
}

void CollectingReporter::progress(const std::string& stage, std::uint64_t done, std::uint64_t total)
{
    if (forward_)
        forward_->progress(stage, done, total);
}

void CollectingReporter::message(Level level, const std::string& stage, const std::string& text)
{
    {
        std::lock_guard lock(mutex_);
        entries_.push_back({level, stage, text});
    }
    if (forward_)
        forward_->message(level, stage, text);
}

std::vector<CollectingReporter::Entry> CollectingReporter::entries() const
{
    std::lock_guard lock(mutex_);
    return entries_;
}

std::vector<std::string> CollectingReporter::warnings() const
{
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& e : entries_)
        if (e.level == Level::warning)
            out.push_back(e.stage + ": " + e.text);
    return out;
}

}  // namespace trygg::core
