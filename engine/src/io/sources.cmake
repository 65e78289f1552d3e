# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/io/area_table_reader.cpp
  src/io/catalogue_reader.cpp
  src/io/csv_reader.cpp
  src/io/csv_split.cpp
  src/io/csv_writer.cpp
  src/io/database_source.cpp
  src/io/pg_copy_rows.cpp  # issue 20: PostGIS rows by COPY
  src/io/feature_points.cpp
  src/io/feature_table.cpp
  src/io/geopackage_writer.cpp
  src/io/geotiff.cpp
  src/io/incident_fields.cpp
  src/io/postgis_writer.cpp
  src/io/incident_row_decoder.cpp
  src/io/mapped_text.cpp
  src/io/move_into_place.cpp
  src/io/record_reader.cpp
  src/io/scb_long_table.cpp
  src/io/sqlite_bulk.cpp
  src/io/text_encoding.cpp
  src/io/text_index.cpp
)
