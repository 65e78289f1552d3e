// SPDX-License-Identifier: MIT
#include "cli/error_event.hpp"

#include <trygg/core/connection_string.hpp>
#include <trygg/core/error_detail.hpp>

#include <string>

namespace trygg::cli {

namespace {

// The code of an error that was not given one: its exit code's class (README "Exit codes").
std::string class_code(core::ExitCode code)
{
    switch (code) {
    case core::ExitCode::usage: return "usage";
    case core::ExitCode::pipeline: return "invalid_pipeline";
    case core::ExitCode::input: return "input_error";
    case core::ExitCode::data: return "data_error";
    case core::ExitCode::output: return "output_error";
    case core::ExitCode::ledger: return "ledger_refused";
    case core::ExitCode::memory: return "out_of_memory";
    case core::ExitCode::cancelled: return "cancelled";
    case core::ExitCode::ok:
    case core::ExitCode::internal: break;
    }
    return "internal";
}

}  // namespace

nlohmann::json error_event(const core::Error& error)
{
    const auto detail = core::error_detail(error.what()).value_or(core::ErrorDetail{});
    nlohmann::json j{{"event", "error"},
                     {"code", detail.code.empty() ? class_code(error.code()) : detail.code},
                     {"exit", static_cast<int>(error.code())},
                     {"message", core::redact_source(error.what())}};
    for (const auto& [name, value] : detail.params)
        if (!j.contains(name))  // the four keys above are reserved
            j[name] = core::redact_source(value);  // a file parameter may be a PG: source (issue 20)
    return j;
}

nlohmann::json internal_error_event(const std::string& message)
{
    return {{"event", "error"},
            {"code", "internal"},
            {"exit", static_cast<int>(core::ExitCode::internal)},
            {"message", "internal error: " + core::redact_source(message)}};
}

}  // namespace trygg::cli
