// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/pipeline/stage_registry.hpp>

namespace trygg::pipeline {

void StageRegistry::add(StageDescriptor descriptor, Factory factory)
{
    auto type = descriptor.type;
    entries_[type] = Entry{std::move(descriptor), std::move(factory)};
}

const StageDescriptor* StageRegistry::find(const std::string& type) const
{
    auto it = entries_.find(type);
    return it == entries_.end() ? nullptr : &it->second.descriptor;
}

std::unique_ptr<Stage> StageRegistry::make(const std::string& type) const
{
    auto it = entries_.find(type);
    if (it == entries_.end())
        throw core::PipelineError("unknown stage type '" + type + "'");
    return it->second.factory();
}

std::vector<const StageDescriptor*> StageRegistry::all() const
{
    std::vector<const StageDescriptor*> out;
    for (const auto& [type, entry] : entries_)
        out.push_back(&entry.descriptor);
    return out;
}

const StageRegistry& builtin_registry()
{
    static const StageRegistry registry = [] {
        StageRegistry r;
        register_builtin_stages(r);
        return r;
    }();
    return registry;
}

}  // namespace trygg::pipeline
