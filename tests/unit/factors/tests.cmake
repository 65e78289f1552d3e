# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/AreaReallocationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GoalConsistencyTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GoalIndexTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IndexUncertaintyTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IndexValidationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IndicatorCatalogueTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IndicatorEvaluationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MeetingPlaceProfileTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PointExposureTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PoissonIntervalTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PublishedPooledCountTest.cpp
)
