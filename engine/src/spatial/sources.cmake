# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/spatial/district_index.cpp
  src/spatial/drawing_simplify.cpp
  src/spatial/geos_util.cpp
  src/spatial/grid.cpp
  src/spatial/interior_disjoint.cpp
  src/spatial/nesting.cpp
  src/spatial/overlay.cpp
  src/spatial/point_on_surface.cpp
  src/spatial/polygon_contains.cpp
  src/spatial/polygon_repair.cpp
  src/spatial/weights.cpp
  src/spatial/weights_contiguity.cpp
  src/spatial/weights_distance.cpp
  src/spatial/weights_file.cpp
  src/spatial/weights_islands.cpp
  src/spatial/wkb.cpp
)
