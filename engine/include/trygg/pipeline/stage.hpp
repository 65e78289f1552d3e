// SPDX-License-Identifier: MIT
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
#include <utility>
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

// An input slot. Without "inputs" in the pipeline, a slot takes the latest earlier stage of its
// kind; with "inputs", the listed tags fill the slots in order of kind. A repeated slot takes
// every listed tag of its kind, and when "inputs" lists none of its kind, every earlier stage
// of its kind (the documented default of writers: everything before them).
struct InputSpec {
    std::string kind;       // artifact kind accepted: "table", several "table|aggregate", any "*"
    bool required = true;
    std::string help;
    bool repeated = false;
    bool accepts(const std::string& artifact_kind) const;
    // How `trygg stages` shows the slot, e.g. "* (repeated; default: every earlier stage)".
    std::string summary() const;
};

// An option whose value names another stage by tag, e.g. trygghetsanalys's
// "population": {"table": tag}. plan() checks the tag is an earlier stage of the kind and
// resolves it as an input of the stage (StageContext::input_tagged).
struct TagOption {
    std::string option;  // the option
    std::string key;     // the key inside an object option holding the tag ("" : the option itself)
    std::string kind;    // as InputSpec::kind
    bool several = false;  // the value may also be an array of tags
    std::string name() const { return key.empty() ? option : option + "." + key; }
};

struct StageDescriptor {
    std::string type;         // e.g. "read.incidents"
    std::string description;  // one line
    std::vector<OptionSpec> options;
    std::vector<InputSpec> inputs;
    std::string output_kind;  // kind of the artifact it returns
    std::vector<TagOption> tag_options = {};
    // Options no longer accepted, each with why and what to use instead: plan() refuses them
    // with that line rather than as unknown.
    std::vector<std::pair<std::string, std::string>> withdrawn_options = {};
};

enum class Privacy { publish, internal };

// Settings of the whole run (top-level keys of the pipeline object form).
struct RunSettings {
    Privacy privacy = Privacy::publish;
    std::uint64_t seed = 12345;
    unsigned threads = 0;               // 0: hardware concurrency
    std::string crs = "EPSG:3006";      // working CRS (projected, metres)
    std::filesystem::path base_dir;     // relative paths resolve against this (the cwd)
    // Release ledger (SQLite) checked before and extended after a publication; empty: none.
    std::filesystem::path ledger;
    // Freezing closed periods: incidents dated before this (minutes, Swedish time; the day after
    // "freeze.until") and registered on or after it are left out as outside; INT64_MIN: none.
    std::int64_t freeze_before = INT64_MIN;
};

// A resolved input: the earlier stage's tag and artifact, and the descriptor slot it fills
// (slot == descriptor.inputs.size() for a stage named by a tag option).
struct NamedInput {
    std::string tag;
    std::size_t slot = 0;
    std::shared_ptr<const Artifact> artifact;
};

class StageContext {
public:
    // `inputs`: per descriptor slot, its (first) artifact; `named`: every resolved input with
    // its tag, repeated slots and tag options included.
    StageContext(std::string tag, const StageDescriptor& descriptor, nlohmann::json options,
                 std::vector<std::shared_ptr<const Artifact>> inputs, const RunSettings& settings,
                 core::Reporter& reporter, const core::CancelToken& cancel, Manifest& manifest,
                 std::vector<NamedInput> named = {});

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
    // Every resolved input with its tag, in the order plan() resolved them.
    const std::vector<NamedInput>& named_inputs() const { return named_; }
    // The inputs filling descriptor slot `slot` (several for a repeated slot).
    std::vector<NamedInput> inputs_in(std::size_t slot) const;
    // The resolved input with this tag (any slot or tag option); nullptr if it is not one.
    std::shared_ptr<const Artifact> input_tagged(const std::string& tag) const;

    // Error helpers that prefix the stage tag, e.g. "assign: field 'deso' not found ...".
    [[noreturn]] void fail_input(const std::string& message) const;
    [[noreturn]] void fail_data(const std::string& message) const;
    [[noreturn]] void fail_output(const std::string& message) const;
    void warn(const std::string& message) const { reporter_.warn(tag_, message); }
    // A warning quoting input data: `message` on the terminal and in the internal file,
    // `published` (the same without row numbers, ids, values or area codes) in a published
    // manifest.
    void warn(const std::string& message, const std::string& published) const
    {
        reporter_.warn(tag_, message, published);
    }
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
    std::vector<NamedInput> named_;
};

// Checks that can be made without reading data (files exist, option values make sense).
// Throw core::PipelineError (or InputError for a missing file) with a message naming the stage.
struct ValidationContext {
    std::string tag;
    const RunSettings& settings;
    // The inputs plan() resolved for the stage, as (tag, kind), for options that name stages.
    std::vector<std::pair<std::string, std::string>> inputs;
    std::filesystem::path resolve(const std::string& path) const;
};

class Stage {
public:
    virtual ~Stage() = default;
    virtual void validate(const nlohmann::json& /*options*/, const ValidationContext& /*ctx*/) const {}
    virtual std::shared_ptr<const Artifact> run(StageContext& ctx) const = 0;
};

}  // namespace trygg::pipeline
