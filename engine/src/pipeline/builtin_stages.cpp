// The one list of built-in stages. Add a stage here when its file is added.
#include <trygg/pipeline/stage_registry.hpp>

namespace trygg::pipeline {

void register_builtin_stages(StageRegistry& registry)
{
    (void)registry;
}

}  // namespace trygg::pipeline
