# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/pipeline/aggregate_lengths.cpp
  src/pipeline/aggregate_levels.cpp
  src/pipeline/artifacts.cpp
  src/pipeline/builtin_stages.cpp
  src/pipeline/count_columns.cpp
  src/pipeline/manifest.cpp
  src/pipeline/pipeline.cpp
  src/pipeline/incident_fingerprint.cpp
  src/pipeline/period_table.cpp
  src/pipeline/publication.cpp
  src/pipeline/release.cpp
  src/pipeline/release_check.cpp
  src/pipeline/release_guard.cpp
  src/pipeline/release_ledger.cpp
  src/pipeline/published_count.cpp
  src/pipeline/reject_summary.cpp
  src/pipeline/stage.cpp
  src/pipeline/stage_beside.cpp
  src/pipeline/stage_registry.cpp
  src/pipeline/streamed_count_plan.cpp
  src/pipeline/streamed_count_run.cpp
  src/pipeline/styles.cpp
  src/pipeline/stages/aggregate.cpp
  src/pipeline/stages/population_input.cpp
  src/pipeline/stages/aggregate_coverage.cpp
  src/pipeline/stages/assign.cpp
  src/pipeline/stages/cell_key_secret.cpp
  src/pipeline/stages/district_names.cpp
  src/pipeline/stages/grid_hotspots.cpp
  src/pipeline/stages/hotspot_selection.cpp
  src/pipeline/stages/kde.cpp
  src/pipeline/stages/kde_style.cpp
  src/pipeline/stages/read_districts.cpp
  src/pipeline/stages/database_input.cpp
  src/pipeline/stages/write_postgis.cpp
  src/pipeline/stages/reporting_lengths.cpp
  src/pipeline/stages/reporting_levels.cpp
  src/pipeline/stages/read_incidents.cpp
  src/pipeline/stages/read_table.cpp
  src/pipeline/stages/write_gpkg.cpp
  src/pipeline/stages/write_report.cpp
)

# QGIS styles from the plugin folder, compiled in (see include/trygg/pipeline/styles.hpp).
set(TRYGG_STYLE_DIR ${PROJECT_SOURCE_DIR}/plugins/qgis/trygg/styles)
file(GLOB TRYGG_STYLE_FILES CONFIGURE_DEPENDS ${TRYGG_STYLE_DIR}/*.qml)  # data, not sources
set(TRYGG_STYLES_HEADER ${CMAKE_CURRENT_BINARY_DIR}/generated/embedded_styles.hpp)
add_custom_command(OUTPUT ${TRYGG_STYLES_HEADER}
  COMMAND ${CMAKE_COMMAND} -DSTYLE_DIR=${TRYGG_STYLE_DIR} -DOUTPUT=${TRYGG_STYLES_HEADER}
          -P ${PROJECT_SOURCE_DIR}/cmake/EmbedStyles.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/cmake/EmbedStyles.cmake ${TRYGG_STYLE_FILES}
  COMMENT "Embedding QGIS styles")
add_custom_target(trygg_styles DEPENDS ${TRYGG_STYLES_HEADER})
add_dependencies(trygg_engine trygg_styles)
target_include_directories(trygg_engine PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)

# Spatial statistics stages (issue 4).
target_sources(trygg_engine PRIVATE
  src/pipeline/stages/gistar.cpp
  src/pipeline/stages/local_moran.cpp
  src/pipeline/stages/moran.cpp
  src/pipeline/stages/smooth.cpp
  src/pipeline/stages/stats_results.cpp
  src/pipeline/stages/stats_variable.cpp
  src/pipeline/stages/weights.cpp
  # issue 19 (emerging): emerging hot spots, before/after evaluation of a measure
  src/pipeline/stages/emerging_hotspots.cpp
  src/pipeline/stages/evaluate_measure.cpp
)
# Issue 18: aggregate finds the population column of an SCB export by itself.
target_sources(trygg_engine PRIVATE src/pipeline/stages/population_column.cpp)

# Space-time stages (issue 19, part knox): Knox test, near-repeat table, time profiles.
target_sources(trygg_engine PRIVATE
  src/pipeline/stages/knox.cpp
  src/pipeline/stages/knox_disclosure.cpp
  src/pipeline/stages/mantel.cpp  # issue 19 (measure): the Mantel test
  src/pipeline/stages/measure_disclosure.cpp  # issue 19 (measure): window counts vs incident_counts
  src/pipeline/stages/knox_events.cpp
  src/pipeline/stages/near_repeat.cpp
  src/pipeline/stages/time_profile.cpp
)
