// SPDX-License-Identifier: MIT
#pragma once
// The machine-readable form of an error, for `--progress=json`'s error event (README "Error
// codes"): a stable code such as "field_not_found" and named parameters (file, field, row, ...)
// that a front end (the QGIS plugin) turns into its own sentence in its own language.
//
// The detail is kept beside the exception, keyed by its message, so that error.hpp (included
// everywhere) stays as it is: a stage that re-throws an error with its tag in front still finds
// it, since the lookup also matches a message that ends with the recorded one.
#include <trygg/core/error.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trygg::core {

struct ErrorDetail {
    std::string code;  // empty: the CLI derives one from the exit code
    std::vector<std::pair<std::string, std::string>> params;

    const std::string* param(const std::string& name) const;
    void add_param(const std::string& name, const std::string& value);  // unless already there
};

// Records `detail` for the error whose message is `message`.
void remember_error_detail(const std::string& message, ErrorDetail detail);
// The detail of an error with this message: recorded for it, or for a message it ends with
// (the longest); nullopt when none was recorded.
std::optional<ErrorDetail> error_detail(const std::string& message);
// Adds a parameter (the runner adds "stage") to the detail of `message`, recording one without
// a code when there is none.
void add_error_param(const std::string& message, const std::string& name, const std::string& value);

// `throw with_detail(InputError(message), {"field_not_found", {{"file", f}, {"field", x}}})`.
template <typename E> E with_detail(E error, ErrorDetail detail)
{
    remember_error_detail(error.what(), std::move(detail));
    return error;
}

// `ctx.fail_input(coded(message, {...}))`: records the detail and hands the message on.
inline const std::string& coded(const std::string& message, ErrorDetail detail)
{
    remember_error_detail(message, std::move(detail));
    return message;
}

}  // namespace trygg::core
