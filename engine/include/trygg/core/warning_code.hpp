// SPDX-License-Identifier: MIT
#pragma once
// The machine-readable form of a warning, for `--progress=json`'s warning lines (README
// "Warning codes"): a stable code such as "duplicate_rows" and named parameters (count, file,
// ...) that a front end (the QGIS plugin) turns into a sentence in its own language.
//
// As with errors (error_detail.hpp), the detail is kept beside the message, keyed by it, so the
// Reporter interface and every `ctx.warn` overload stay as they are:
//   ctx.warn(core::coded_warning(text, {"duplicate_rows", {{"count", "91"}}}), published);
#include <trygg/core/error_detail.hpp>

#include <optional>
#include <string>

namespace trygg::core {

// Records `detail` for the warning whose full text is `message`; returns `message`.
const std::string& coded_warning(const std::string& message, ErrorDetail detail);
// The detail recorded for exactly this warning text; nullopt for a warning without a code.
std::optional<ErrorDetail> warning_detail(const std::string& message);

}  // namespace trygg::core
