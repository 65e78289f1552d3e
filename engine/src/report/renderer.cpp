// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/report/renderer.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace trygg::report {

namespace {

std::filesystem::path exe_dir()
{
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

bool holds_renderer(const std::filesystem::path& dir)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / "trygg_report" / "__main__.py", ec) ||
           std::filesystem::is_regular_file(dir / "trygg_report" / "__init__.py", ec);
}

}  // namespace

RendererLocation find_renderer()
{
    RendererLocation out;
    std::vector<std::filesystem::path> candidates;
    if (const char* env = std::getenv("TRYGG_REPORT_DIR"); env && *env) {
        candidates.emplace_back(env);
    } else if (const auto dir = exe_dir(); !dir.empty()) {
        candidates.push_back((dir / ".." / "share" / "trygg" / "report").lexically_normal());
        candidates.push_back((dir / "report").lexically_normal());
    }
    for (const auto& c : candidates) {
        out.looked.push_back(c);
        if (holds_renderer(c)) {
            out.dir = c;
            break;
        }
    }
    return out;
}

std::string renderer_python()
{
    const char* env = std::getenv("TRYGG_PYTHON");
    return env && *env ? std::string(env) : std::string("/usr/bin/python3");
}

void run_renderer(const std::filesystem::path& dir, const std::filesystem::path& input,
                  const std::filesystem::path& html, const std::optional<std::filesystem::path>& pdf,
                  const std::function<void(const std::string&)>& on_line, const core::CancelToken& cancel)
{
    const auto python = renderer_python();
    std::vector<std::string> args = {python, "-m", "trygg_report", "--input", input.string(), "--html", html.string()};
    if (pdf) {
        args.emplace_back("--pdf");
        args.push_back(pdf->string());
    }
    std::string pythonpath = dir.string();
    if (const char* old = std::getenv("PYTHONPATH"); old && *old)
        pythonpath += ":" + std::string(old);

    // Everything the child needs is prepared before fork (the child only dups and execs).
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "PYTHONPATH=", 11) != 0 && std::strncmp(*e, "PYTHONDONTWRITEBYTECODE=", 24) != 0)
            env.emplace_back(*e);
    env.push_back("PYTHONPATH=" + pythonpath);
    env.push_back("PYTHONDONTWRITEBYTECODE=1");
    std::vector<char*> argv, envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string exec_failed = "report: cannot run '" + args[0] + "'\n";
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw core::OutputError("cannot start the renderer (pipe: " + std::string(std::strerror(errno)) + ")");
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        throw core::OutputError("cannot start the renderer (fork: " + std::string(std::strerror(errno)) + ")");
    }
    if (pid == 0) {
        // Child: its own process group (cancel ends the PDF engine it starts too), stdout and
        // stderr into the pipe, stdin from /dev/null; async-signal-safe calls only.
        setpgid(0, 0);
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        execvpe(argv[0], argv.data(), envp.data());
        (void)!write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
        _exit(127);
    }
    setpgid(pid, pid);  // also here: a cancel before the child ran setpgid still reaches its group
    close(fds[1]);
    std::string buffer, last_report_line, last_line;
    auto emit = [&](const std::string& line) {
        if (line.empty())
            return;
        last_line = line;
        if (line.rfind("report: ", 0) == 0)
            last_report_line = line;
        on_line(line);
    };
    bool cancelled = false;
    for (;;) {
        if (cancel.cancelled()) {
            kill(-pid, SIGTERM);
            cancelled = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = poll(&p, 1, 100);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue;
        char chunk[4096];
        const ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = buffer.find('\n')) != std::string::npos;) {
            emit(buffer.substr(0, nl));
            buffer.erase(0, nl + 1);
        }
    }
    emit(buffer);
    close(fds[0]);
    int status = 0;
    if (cancelled) {
        // Five seconds to end after SIGTERM, then SIGKILL for the whole group.
        for (int i = 0; i < 50; ++i) {
            if (waitpid(pid, &status, WNOHANG) == pid)
                throw core::Cancelled();
            usleep(100000);
        }
        kill(-pid, SIGKILL);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (cancelled)
        throw core::Cancelled();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string code = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                                   : "signal " + std::to_string(WTERMSIG(status));
        const auto& why = !last_report_line.empty() ? last_report_line : last_line;
        throw core::OutputError("the renderer failed (" + code + ")" + (why.empty() ? std::string() : ": " + why));
    }
}

}  // namespace trygg::report
