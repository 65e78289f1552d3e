target_sources(trygg_engine PRIVATE
  src/stats/aggregate.cpp
  src/stats/cell_key.cpp
  src/stats/crime_catalogue.cpp
  src/stats/getis_ord.cpp
  src/stats/global_autocorrelation.cpp
  src/stats/grid_gistar.cpp
  src/stats/joint_suppression.cpp
  src/stats/kernel_density.cpp
  src/stats/level_plan.cpp
  src/stats/level_suppression.cpp
  src/stats/local_moran.cpp
  src/stats/multiple_testing.cpp
  src/stats/population_years.cpp
  src/stats/rates.cpp
  src/stats/total_suppression.cpp
)
