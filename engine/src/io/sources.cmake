target_sources(trygg_engine PRIVATE
  src/io/feature_table.cpp
  src/io/geotiff.cpp
)
