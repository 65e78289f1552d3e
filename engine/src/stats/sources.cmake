# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/stats/aggregate.cpp
  src/stats/district_partners.cpp  # issue 21: suppression partners without a scan of every district
  src/stats/hypercube_suppression.cpp  # issue 20: one (period, group) table per thread
  src/stats/cell_key.cpp
  src/stats/crime_catalogue.cpp
  src/stats/getis_ord.cpp
  src/stats/global_autocorrelation.cpp
  src/stats/grid_gistar.cpp
  src/stats/joint_suppression.cpp
  src/stats/kernel_density.cpp
  src/stats/level_ones_guard.cpp
  src/stats/level_plan.cpp
  src/stats/level_suppression.cpp
  src/stats/local_moran.cpp
  src/stats/multiple_testing.cpp
  src/stats/period_coverage.cpp
  src/stats/period_lengths.cpp
  src/stats/population_years.cpp
  src/stats/ones_line_protection.cpp
  src/stats/rate_change.cpp
  src/stats/rates.cpp
  src/stats/source_coverage.cpp
  src/stats/total_suppression.cpp
  # issue 19 (emerging): trend test, emerging hot spots, before/after evaluation
  src/stats/mann_kendall.cpp
  src/stats/emerging_hotspots.cpp
  src/stats/before_after.cpp
  src/stats/wdq.cpp
  src/stats/before_after_areas.cpp
  # issue 19 (part knox): Knox test and near-repeat table
  src/stats/knox.cpp
  src/stats/mantel.cpp  # issue 19 (measure)
  src/stats/knox_pairs.cpp
  src/stats/near_repeat.cpp
)
