// SPDX-License-Identifier: MIT
// The one list of built-in stages. Add a stage here when its file is added.
#include "stages/factors_stages.hpp"
#include "stages/geocode.hpp"
#include "stages/gistar.hpp"
#include "stages/emerging_hotspots.hpp"  // issue 19 (emerging)
#include "stages/evaluate_measure.hpp"   // issue 19 (emerging)
#include "stages/grid_hotspots.hpp"
#include "stages/kde.hpp"
#include "stages/knox.hpp"  // issue 19 (part knox)
#include "stages/mantel.hpp"  // issue 19 (part measure)
#include "stages/local_moran.hpp"
#include "stages/moran.hpp"
#include "stages/smooth.hpp"
#include "stages/spine_stages.hpp"
#include "stages/time_profile.hpp"  // issue 19 (part knox)
#include "stages/weights.hpp"
#include "stages/write_report.hpp"
#include "stages/write_postgis.hpp"

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
    registry.add<WeightsStage>();
    registry.add<MoranStage>();
    registry.add<LocalMoranStage>();
    registry.add<GistarStage>();
    registry.add<SmoothStage>();
    registry.add<KdeStage>();
    registry.add<GridHotspotsStage>();
    registry.add<GeocodeStage>();
    registry.add<ReallocateStage>();
    registry.add<PointFactorsStage>();
    registry.add<MeetingPlacesStage>();
    registry.add<TrygghetsanalysStage>();
    registry.add<WriteReportStage>();  // issue 17: the Lägesrapport
    registry.add<EmergingHotspotsStage>();  // issue 19: emerging hot spots
    registry.add<EvaluateMeasureStage>();   // issue 19: before/after evaluation (Utvärdera åtgärd)
    // issue 19 (part knox): space-time stages
    registry.add<KnoxStage>();
    registry.add<NearRepeatStage>();
    registry.add<TimeProfileStage>();
    registry.add<WritePostgisStage>();  // issue 20: the publication into a PostGIS schema
    registry.add<MantelStage>();  // issue 19 (part measure): the Mantel test
}

}  // namespace trygg::pipeline
