// SPDX-License-Identifier: MIT
#pragma once
// The error hierarchy of the engine. Every error carries the exit code the CLI returns for it;
// the message is one line that names the stage, file, row/feature and field where known.
#include <stdexcept>
#include <string>

namespace trygg::core {

// Documented exit codes of the trygg executable (README "Exit codes").
enum class ExitCode : int {
    ok = 0,
    internal = 1,      // a bug: please report
    usage = 2,         // wrong command-line arguments
    pipeline = 3,      // the pipeline JSON is invalid (found before any data is read)
    input = 4,         // an input cannot be read or lacks a declared field
    data = 5,          // inputs read but unusable (e.g. nearly all points outside: swapped axes)
    output = 6,        // an output cannot be written (nothing partial is left behind)
    ledger = 7,        // publication refused by the release ledger (differencing an earlier release)
    memory = 8,        // the machine ran out of memory in a stage (the message names it)
    cancelled = 130,   // the run was cancelled (SIGINT or the plugin's cancel)
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ExitCode code() const noexcept { return code_; }

private:
    ExitCode code_;
};

struct UsageError : Error {
    explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
struct PipelineError : Error {
    explicit PipelineError(const std::string& m) : Error(ExitCode::pipeline, m) {}
};
struct InputError : Error {
    explicit InputError(const std::string& m) : Error(ExitCode::input, m) {}
};
struct DataError : Error {
    explicit DataError(const std::string& m) : Error(ExitCode::data, m) {}
};
struct OutputError : Error {
    explicit OutputError(const std::string& m) : Error(ExitCode::output, m) {}
};
// The release ledger refuses a publication that could be differenced against an earlier one.
struct LedgerRefusal : Error {
    explicit LedgerRefusal(const std::string& m) : Error(ExitCode::ledger, m) {}
};
struct OutOfMemory : Error {
    explicit OutOfMemory(const std::string& m) : Error(ExitCode::memory, m) {}
};
struct Cancelled : Error {
    Cancelled() : Error(ExitCode::cancelled, "cancelled") {}
};

}  // namespace trygg::core
