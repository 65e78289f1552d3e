# SPDX-License-Identifier: MIT
# Reference tests: figures other implementations assert (shared/data/reference/EXPECTED.md).
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/reference_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GetisOrdReferenceTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MoranReferenceTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GuerryReferenceTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LibpysalQueenTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/KnoxReferenceTest.cpp  # issue 19 (part knox)
  ${CMAKE_CURRENT_LIST_DIR}/MantelReferenceTest.cpp  # issue 19 (part measure)
)
# The reference readers use GDAL directly (the engine keeps it private).
target_link_libraries(trygg_unit_tests PRIVATE GDAL::GDAL)
