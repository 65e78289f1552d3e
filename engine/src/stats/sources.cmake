target_sources(trygg_engine PRIVATE
  src/stats/aggregate.cpp
  src/stats/crime_catalogue.cpp
  src/stats/grid_gistar.cpp
  src/stats/kernel_density.cpp
)
