target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/LocalStatisticsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MultipleTestingTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PermutationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RatesTest.cpp
)
