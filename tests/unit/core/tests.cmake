# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ConnectionStringTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DatetimeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DemographyTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ChunkedDuplicatesTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DuplicateRecordsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TextTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IncidentTableTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RecordIdentityTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RejectListTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RejectRowsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TextColumnsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProgressTest.cpp
)
