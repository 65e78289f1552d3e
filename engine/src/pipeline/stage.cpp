// SPDX-License-Identifier: MIT
#include <trygg/core/connection_string.hpp>
#include <trygg/core/error.hpp>
#include <trygg/pipeline/stage.hpp>

namespace trygg::pipeline {

std::string to_string(OptionType t)
{
    switch (t) {
    case OptionType::string: return "string";
    case OptionType::integer: return "integer";
    case OptionType::number: return "number";
    case OptionType::boolean: return "boolean";
    case OptionType::array: return "array";
    case OptionType::object: return "object";
    case OptionType::path: return "path";
    }
    return "?";
}

bool InputSpec::accepts(const std::string& artifact_kind) const
{
    if (kind == "*")
        return true;
    std::size_t start = 0;
    while (true) {
        const auto bar = kind.find('|', start);
        if (kind.compare(start, bar == std::string::npos ? std::string::npos : bar - start, artifact_kind) == 0)
            return true;
        if (bar == std::string::npos)
            return false;
        start = bar + 1;
    }
}

std::string InputSpec::summary() const
{
    std::string s = kind;
    if (repeated)
        s += std::string(" (repeated") + (required ? "" : ", optional") + "; default: every earlier stage" +
             (kind == "*" ? "" : " of this kind") + ")";
    else if (!required)
        s += " (optional)";
    return s;
}

StageContext::StageContext(std::string tag, const StageDescriptor& descriptor, nlohmann::json options,
                           std::vector<std::shared_ptr<const Artifact>> inputs, const RunSettings& settings,
                           core::Reporter& reporter, const core::CancelToken& cancel, Manifest& manifest,
                           std::vector<NamedInput> named)
    : tag_(std::move(tag)), descriptor_(descriptor), options_(std::move(options)), inputs_(std::move(inputs)),
      settings_(settings), reporter_(reporter), cancel_(cancel), manifest_(manifest), named_(std::move(named))
{
}

std::vector<NamedInput> StageContext::inputs_in(std::size_t slot) const
{
    std::vector<NamedInput> out;
    for (const auto& n : named_)
        if (n.slot == slot)
            out.push_back(n);
    return out;
}

std::shared_ptr<const Artifact> StageContext::input_tagged(const std::string& tag) const
{
    for (const auto& n : named_)
        if (n.tag == tag)
            return n.artifact;
    return nullptr;
}

static std::filesystem::path resolve_path(const RunSettings& settings, const std::string& p)
{
    std::filesystem::path path(p);
    // A database connection string ("PG:service=x") is no path.
    if (path.is_relative() && !settings.base_dir.empty() && !core::is_connection_string(p))
        return settings.base_dir / path;
    return path;
}

std::filesystem::path StageContext::path_option(const std::string& name) const
{
    return resolve_path(settings_, option<std::string>(name));
}

void StageContext::fail_input(const std::string& message) const
{
    throw core::InputError(tag_ + ": " + message);
}

void StageContext::fail_data(const std::string& message) const
{
    throw core::DataError(tag_ + ": " + message);
}

void StageContext::fail_output(const std::string& message) const
{
    throw core::OutputError(tag_ + ": " + message);
}

std::filesystem::path ValidationContext::resolve(const std::string& path) const
{
    return resolve_path(settings, path);
}

}  // namespace trygg::pipeline
