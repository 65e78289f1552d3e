target_sources(trygg_engine PRIVATE
  src/pipeline/builtin_stages.cpp
  src/pipeline/manifest.cpp
  src/pipeline/pipeline.cpp
  src/pipeline/stage.cpp
  src/pipeline/stage_registry.cpp
)
# Spatial statistics stages (issue 4).
target_sources(trygg_engine PRIVATE
  src/pipeline/stages/gistar.cpp
  src/pipeline/stages/local_moran.cpp
  src/pipeline/stages/moran.cpp
  src/pipeline/stages/smooth.cpp
  src/pipeline/stages/stats_results.cpp
  src/pipeline/stages/stats_variable.cpp
  src/pipeline/stages/weights.cpp
)
