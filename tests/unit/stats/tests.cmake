target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/AggregateTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CrimeCatalogueTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/KdeTest.cpp
)
