# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/AggregateTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AggregateCancelTest.cpp  # issue 21
  ${CMAKE_CURRENT_LIST_DIR}/AggregateCounterTest.cpp  # issue 20
  ${CMAKE_CURRENT_LIST_DIR}/DistrictPartnersTest.cpp  # issue 21
  ${CMAKE_CURRENT_LIST_DIR}/HypercubeSuppressionTest.cpp  # issue 20
  ${CMAKE_CURRENT_LIST_DIR}/CellKeyTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CrimeCatalogueTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JointSuppressionTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SourceCoverageTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/KdeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LevelSuppressionTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LocalStatisticsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MultipleTestingTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PeriodCoverageTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PeriodLengthsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PermutationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PopulationYearsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RateChangeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RatesTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SecondaryCellTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StatsStagesTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TotalSuppressionTest.cpp
  # issue 19 (emerging)
  ${CMAKE_CURRENT_LIST_DIR}/MannKendallTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/EmergingHotspotsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/BeforeAfterTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/KnoxTest.cpp  # issue 19 (part knox)
)
# The stage tests include the stages' private headers.
target_include_directories(trygg_unit_tests PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
