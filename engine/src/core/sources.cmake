# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/core/area_table.cpp
  src/core/connection_string.cpp
  src/core/datetime.cpp
  src/core/demography.cpp
  src/core/chunked_duplicates.cpp
  src/core/duplicate_records.cpp
  src/core/geometry.cpp
  src/core/incident_table.cpp
  src/core/reject_list.cpp
  src/core/reject_rows.cpp
  src/core/text_columns.cpp
  src/core/progress.cpp
  src/core/record_identity.cpp
  src/core/text.cpp
  src/core/versions.cpp
)
# Issue 18: the machine-readable detail (code, parameters) of an error.
target_sources(trygg_engine PRIVATE src/core/error_detail.cpp)
# Issue 21 (part harden): a file-size limit at one chosen output, for the disk-full tests.
target_sources(trygg_engine PRIVATE src/core/test_file_limit.cpp)
# Issue 18 (sheets28): the code and parameters of a warning, for --progress=json.
target_sources(trygg_engine PRIVATE src/core/warning_code.cpp)
