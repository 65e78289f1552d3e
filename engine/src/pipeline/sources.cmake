target_sources(trygg_engine PRIVATE
  src/pipeline/builtin_stages.cpp
  src/pipeline/manifest.cpp
  src/pipeline/pipeline.cpp
  src/pipeline/stage.cpp
  src/pipeline/stage_registry.cpp
)
