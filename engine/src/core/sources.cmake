target_sources(trygg_engine PRIVATE
  src/core/geometry.cpp
  src/core/progress.cpp
)
target_sources(trygg_engine PRIVATE src/core/versions.cpp)
