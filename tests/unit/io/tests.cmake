# SPDX-License-Identifier: MIT
target_sources(trygg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/DatabaseSourceTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CsvReaderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CsvStreamingTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CsvSplitTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MappedTextTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CsvWriterTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AreaTableReaderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CatalogueReaderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FeaturePointsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeoTiffTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/GeopackageWriterTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IncidentFieldsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IncidentRowDecoderTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ScbLongTableTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RowSourceTest.cpp  # issue 21: long tables streamed
)
