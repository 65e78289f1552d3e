target_sources(trygg_engine PRIVATE
  src/spatial/district_index.cpp
  src/spatial/geos_util.cpp
  src/spatial/grid.cpp
  src/spatial/polygon_repair.cpp
)
