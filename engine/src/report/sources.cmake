# SPDX-License-Identifier: MIT
# The Lägesrapport's engine side (issue 17): the report input built from a publication.
target_sources(trygg_engine PRIVATE
  src/report/hotspot_variable.cpp
  src/report/published_table.cpp
  src/report/renderer.cpp
  src/report/report_changes.cpp
  src/report/report_counts.cpp
  src/report/report_geometry.cpp
  src/report/report_input.cpp
  src/report/report_periods.cpp
  src/report/report_quality.cpp
  src/report/report_sections.cpp
)
