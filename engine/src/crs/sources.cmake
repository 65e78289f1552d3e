# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/crs/transformer.cpp
  src/crs/working_crs.cpp
)
