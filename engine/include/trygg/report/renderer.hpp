// SPDX-License-Identifier: MIT
#pragma once
// The Lägesrapport renderer (Python package trygg_report, engine/report): located, then run as
// a child process on one report input. Its stderr lines "report: ..." are progress; cancel
// terminates it.
#include <trygg/core/progress.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trygg::report {

struct RendererLocation {
    std::optional<std::filesystem::path> dir;  // the folder holding trygg_report
    std::vector<std::filesystem::path> looked;  // where it looked, in order
};

// $TRYGG_REPORT_DIR, else <exe dir>/../share/trygg/report (installed), else <exe dir>/report
// (the build tree's copy, build/<preset>/engine/report).
RendererLocation find_renderer();

// The Python interpreter: $TRYGG_PYTHON, default /usr/bin/python3.
std::string renderer_python();

// Runs `python -m trygg_report --input IN --html HTML [--pdf PDF]` with PYTHONPATH = `dir`.
// `on_line` gets each line the renderer writes to stderr or stdout. Throws core::OutputError
// ("renderer failed (exit N): <its last 'report:' line>") and core::Cancelled (after
// terminating the child).
void run_renderer(const std::filesystem::path& dir, const std::filesystem::path& input,
                  const std::filesystem::path& html, const std::optional<std::filesystem::path>& pdf,
                  const std::function<void(const std::string&)>& on_line, const core::CancelToken& cancel);

}  // namespace trygg::report
