# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/CellKeySecretTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/KdeStyleTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MeasureDisclosureTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/OptionReaderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PipelineTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PublicationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReleaseLedgerTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StageBesideTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RejectSummaryTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StreamedCountPlanTest.cpp
)
include(${CMAKE_CURRENT_LIST_DIR}/stages/tests.cmake)
