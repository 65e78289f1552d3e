// SPDX-License-Identifier: MIT
#pragma once
// The explicit list of stage types. register_builtin_stages() is the one place where built-in
// stages are added (no static-initialiser registration).
#include <trygg/pipeline/stage.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace trygg::pipeline {

class StageRegistry {
public:
    using Factory = std::function<std::unique_ptr<Stage>()>;

    void add(StageDescriptor descriptor, Factory factory);
    // nullptr when unknown.
    const StageDescriptor* find(const std::string& type) const;
    std::unique_ptr<Stage> make(const std::string& type) const;
    std::vector<const StageDescriptor*> all() const;  // sorted by type

    // Registers a stage class S that has `static StageDescriptor descriptor()`.
    template <typename S> void add()
    {
        add(S::descriptor(), [] { return std::make_unique<S>(); });
    }

private:
    struct Entry {
        StageDescriptor descriptor;
        Factory factory;
    };
    std::map<std::string, Entry> entries_;
};

void register_builtin_stages(StageRegistry& registry);

// The registry with every built-in stage, built once.
const StageRegistry& builtin_registry();

}  // namespace trygg::pipeline
