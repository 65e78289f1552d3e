// SPDX-License-Identifier: MIT
#pragma once
// The trygg command line as a library function, so it can be tested in-process.
#include <iosfwd>

namespace trygg::cli {

// Runs `trygg <subcommand> ...`; returns the process exit code (see core::ExitCode).
// Normal output goes to `out`; errors (one line) and warnings go to `err`.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
inline int run(int argc, char** argv, std::ostream& out, std::ostream& err)
{
    return run(argc, const_cast<const char* const*>(argv), out, err);
}

}  // namespace trygg::cli
