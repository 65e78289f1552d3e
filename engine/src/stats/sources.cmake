target_sources(trygg_engine PRIVATE
  src/stats/grid_gistar.cpp
  src/stats/kernel_density.cpp
)
