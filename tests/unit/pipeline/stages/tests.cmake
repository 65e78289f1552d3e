# SPDX-License-Identifier: MIT
# One test file per stage, named after the stage class; they run pipelines through the public
# pipeline API on hand-made inputs and read the written GeoPackage with SQLite.
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/AggregateTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AssignTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReadIncidentsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/WriteGpkgTest.cpp
)
target_link_libraries(trygg_unit_tests PRIVATE SQLite::SQLite3)
