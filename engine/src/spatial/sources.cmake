target_sources(trygg_engine PRIVATE
  src/spatial/grid.cpp
)
