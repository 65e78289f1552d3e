target_sources(trygg_engine PRIVATE
  src/spatial/weights.cpp
  src/spatial/weights_contiguity.cpp
  src/spatial/weights_distance.cpp
  src/spatial/weights_file.cpp
  src/spatial/weights_islands.cpp
)
