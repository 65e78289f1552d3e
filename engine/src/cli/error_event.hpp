// SPDX-License-Identifier: MIT
#pragma once
// The error event of `--progress=json`: one JSON line with a stable code and the error's
// parameters, so a front end (the QGIS plugin) can say it in its own language (README
// "Error codes").
#include <trygg/core/error.hpp>

#include <nlohmann/json.hpp>

namespace trygg::cli {

// {"event": "error", "code": ..., "exit": n, "message": <the one-line message>, <params>...}.
// An error without a code of its own gets the code of its exit code's class.
nlohmann::json error_event(const core::Error& error);
// For an exception that is no core::Error (a bug): code "internal".
nlohmann::json internal_error_event(const std::string& message);

}  // namespace trygg::cli
