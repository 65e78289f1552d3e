// The one list of built-in stages. Add a stage here when its file is added.
#include "stages/spine_stages.hpp"

#include <trygg/pipeline/stage_registry.hpp>

namespace trygg::pipeline {

void register_builtin_stages(StageRegistry& registry)
{
    registry.add<ReadIncidentsStage>();
    registry.add<ReadDistrictsStage>();
    registry.add<ReadTableStage>();
    registry.add<AssignStage>();
    registry.add<AggregateStage>();
    registry.add<WriteGpkgStage>();
}

}  // namespace trygg::pipeline
