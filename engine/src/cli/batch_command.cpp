// SPDX-License-Identifier: MIT
#include "cli/batch_command.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace trygg::cli {

struct BatchCommand::Options {
    std::string folder;
    unsigned jobs = 2;
    std::string logs;
};

BatchCommand::BatchCommand(CLI::App& app) : options_(std::make_shared<Options>())
{
    command_ = app.add_subcommand("batch", "Run every pipeline (*.json) in a folder as independent processes");
    command_->add_option("folder", options_->folder, "Folder of pipeline JSON files (run in name order)")
        ->required()
        ->check(CLI::ExistingDirectory);
    command_->add_option("-j,--jobs", options_->jobs, "Pipelines running at once (default 2)")
        ->check(CLI::Range(1u, 64u));
    command_->add_option("--logs", options_->logs,
                         "Folder for each pipeline's output, <name>.log (default: the pipelines' folder)");
}

bool BatchCommand::selected() const { return command_ && command_->parsed(); }

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_batch_signal(int) { g_stop = 1; }

// The last non-empty line of a log: the child's error line when it failed.
std::string last_line(const std::filesystem::path& log)
{
    std::ifstream in(log);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty())
            last = line;
    return core::redact_source(last);
}

struct Job {
    std::filesystem::path pipeline, log;
    std::chrono::steady_clock::time_point started;
};

}  // namespace

int BatchCommand::run(std::ostream& out, std::ostream& err) const
{
    namespace fs = std::filesystem;
    std::vector<fs::path> pipelines;
    for (const auto& e : fs::directory_iterator(options_->folder))
        if (e.is_regular_file() && e.path().extension() == ".json")
            pipelines.push_back(e.path());
    std::sort(pipelines.begin(), pipelines.end());
    if (pipelines.empty())
        throw core::UsageError("batch: no pipelines (*.json) in '" + options_->folder + "'");
    const fs::path logs = options_->logs.empty() ? fs::path(options_->folder) : fs::path(options_->logs);
    std::error_code ec;
    fs::create_directories(logs, ec);
    if (ec)
        throw core::OutputError("batch: cannot create the log folder '" + logs.string() + "' (" + ec.message() + ")");
    std::error_code exe_ec;
    const auto exe = fs::read_symlink("/proc/self/exe", exe_ec);
    if (exe_ec)
        throw core::Error(core::ExitCode::internal, "batch: cannot find the trygg executable");

    auto* previous_int = std::signal(SIGINT, on_batch_signal);
    auto* previous_term = std::signal(SIGTERM, on_batch_signal);
    std::map<pid_t, Job> running;
    std::map<fs::path, int> codes;
    std::size_t next = 0;
    bool stopping = false;
    while (next < pipelines.size() || !running.empty()) {
        if (g_stop && !stopping) {
            // Cancel: every running pipeline is asked to stop (each keeps its previous output).
            stopping = true;
            for (const auto& [pid, job] : running)
                ::kill(pid, SIGTERM);
        }
        while (!stopping && next < pipelines.size() && running.size() < options_->jobs) {
            Job job{pipelines[next], logs / (pipelines[next].stem().string() + ".log"), std::chrono::steady_clock::now()};
            ++next;
            const pid_t pid = ::fork();
            if (pid < 0)
                throw core::Error(core::ExitCode::internal, "batch: cannot start a process");
            if (pid == 0) {
                const int fd = ::open(job.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) {
                    ::dup2(fd, STDOUT_FILENO);
                    ::dup2(fd, STDERR_FILENO);
                    ::close(fd);
                }
                ::execl(exe.c_str(), exe.c_str(), "run", "--progress=none", job.pipeline.c_str(),
                        static_cast<char*>(nullptr));
                std::_Exit(127);
            }
            running.emplace(pid, std::move(job));
        }
        int status = 0;
        const pid_t done = ::waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        auto it = running.find(done);
        if (it == running.end())
            continue;
        const auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started).count();
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        codes[it->second.pipeline] = code;
        std::ostringstream line;
        line << (code == 0 ? "ok     " : "FAILED ") << it->second.pipeline.filename().string() << " ("
             << std::fixed << std::setprecision(1) << seconds << " s";
        if (code != 0)
            line << ", exit " << code << "): " << last_line(it->second.log) << " [" << it->second.log.string() << "]";
        else
            line << ")";
        out << line.str() << "\n" << std::flush;
        running.erase(it);
    }
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    std::size_t failed = 0;
    int first = 0;
    for (const auto& p : pipelines) {
        auto c = codes.find(p);
        const int code = c == codes.end() ? static_cast<int>(core::ExitCode::cancelled) : c->second;
        if (code != 0) {
            ++failed;
            if (!first)
                first = code;
        }
    }
    out << pipelines.size() - failed << " of " << pipelines.size() << " pipelines succeeded\n";
    if (failed)
        err << "trygg: batch: " << failed << " of " << pipelines.size() << " pipelines failed (see their logs)\n";
    return first;
}

}  // namespace trygg::cli
