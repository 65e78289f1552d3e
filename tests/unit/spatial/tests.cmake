# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/DistrictIndexTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GridGiStarTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GridHotspotsStageTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GridTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/InteriorDisjointTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/NestingTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/OverlayTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/WeightsTest.cpp
)
target_link_libraries(trygg_unit_tests PRIVATE GEOS::geos_c)
