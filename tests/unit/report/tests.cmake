# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/HotspotVariableTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReportInputTest.cpp
)
