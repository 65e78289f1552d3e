#pragma once
// A stage: one class in one file, with a static descriptor that declares its options and
// inputs. `trygg stages`, option validation and the plugin's checks are all generated from it.
#include <trygg/core/progress.hpp>
#include <trygg/pipeline/artifact.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

class Manifest;

enum class OptionType { string, integer, number, boolean, array, object, path };

std::string to_string(OptionType t);

struct OptionSpec {
    std::string name;
    OptionType type = OptionType::string;
    nlohmann::json default_value;  // null: no default
    bool required = false;
    std::string help;
};

struct InputSpec {
    std::string kind;       // artifact kind accepted
    bool required = true;
    std::string help;
};

struct StageDescriptor {
    std::string type;         // e.g. "read.incidents"
    std::string description;  // one line
    std::vector<OptionSpec> options;
    std::vector<InputSpec> inputs;
    std::string output_kind;  // kind of the artifact it returns
};

enum class Privacy { publish, internal };

// Settings of the whole run (top-level keys of the pipeline object form).
struct RunSettings {
    Privacy privacy = Privacy::publish;
    std::uint64_t seed = 12345;
    unsigned threads = 0;               // 0: hardware concurrency
    std::string crs = "EPSG:3006";      // working CRS (projected, metres)
    std::filesystem::path base_dir;     // relative paths resolve against this (the cwd)
};

class StageContext {
public:
    StageContext(std::string tag, const StageDescriptor& descriptor, nlohmann::json options,
                 std::vector<std::shared_ptr<const Artifact>> inputs, const RunSettings& settings,
                 core::Reporter& reporter, const core::CancelToken& cancel, Manifest& manifest,
                 std::vector<std::pair<std::string, std::shared_ptr<const Artifact>>> history = {});

    const std::string& tag() const { return tag_; }
    const StageDescriptor& descriptor() const { return descriptor_; }
    const nlohmann::json& options() const { return options_; }
    const RunSettings& settings() const { return settings_; }
    core::Reporter& reporter() const { return reporter_; }
    const core::CancelToken& cancel() const { return cancel_; }
    Manifest& manifest() const { return manifest_; }

    // Option value with its declared default already applied.
    template <typename T> T option(const std::string& name) const { return options_.at(name).get<T>(); }
    bool has_option(const std::string& name) const
    {
        return options_.contains(name) && !options_.at(name).is_null();
    }
    std::filesystem::path path_option(const std::string& name) const;

    // The input in slot `i` of the descriptor's inputs (nullptr if an optional slot is empty).
    template <typename T> std::shared_ptr<const T> input(std::size_t i) const
    {
        if (i >= inputs_.size() || !inputs_[i])
            return nullptr;
        return std::dynamic_pointer_cast<const T>(inputs_[i]);
    }
    const std::vector<std::shared_ptr<const Artifact>>& inputs() const { return inputs_; }
    // Every earlier stage's (tag, artifact), in pipeline order; writers use it.
    const std::vector<std::pair<std::string, std::shared_ptr<const Artifact>>>& history() const
    {
        return history_;
    }

    // Error helpers that prefix the stage tag, e.g. "assign: field 'deso' not found ...".
    [[noreturn]] void fail_input(const std::string& message) const;
    [[noreturn]] void fail_data(const std::string& message) const;
    [[noreturn]] void fail_output(const std::string& message) const;
    void warn(const std::string& message) const { reporter_.warn(tag_, message); }
    void info(const std::string& message) const { reporter_.info(tag_, message); }
    void progress(std::uint64_t done, std::uint64_t total) const { reporter_.progress(tag_, done, total); }

private:
    std::string tag_;
    const StageDescriptor& descriptor_;
    nlohmann::json options_;
    std::vector<std::shared_ptr<const Artifact>> inputs_;
    const RunSettings& settings_;
    core::Reporter& reporter_;
    const core::CancelToken& cancel_;
    Manifest& manifest_;
    std::vector<std::pair<std::string, std::shared_ptr<const Artifact>>> history_;
};

// Checks that can be made without reading data (files exist, option values make sense).
// Throw core::PipelineError (or InputError for a missing file) with a message naming the stage.
struct ValidationContext {
    std::string tag;
    const RunSettings& settings;
    std::filesystem::path resolve(const std::string& path) const;
};

class Stage {
public:
    virtual ~Stage() = default;
    virtual void validate(const nlohmann::json& /*options*/, const ValidationContext& /*ctx*/) const {}
    virtual std::shared_ptr<const Artifact> run(StageContext& ctx) const = 0;
};

}  // namespace trygg::pipeline
