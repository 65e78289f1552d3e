target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/AddressParserTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ExempelstadGeocodeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeocodeStageTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeocoderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/NormalizeTest.cpp
)
