# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/AddressParserTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ExempelstadGeocodeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FuzzyStreetTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GazetteerSourceTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeocodeCommandTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeocodeStageTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeocoderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/NormalizeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProseIntersectionTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RoadsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProseGeocodeTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/VasterasGeocodeTest.cpp
)
# VasterasGeocodeTest reads the polling stations with OGR to check the geocoder independently.
target_link_libraries(trygg_unit_tests PRIVATE GDAL::GDAL CLI11::CLI11)
