target_sources(trygg_engine PRIVATE
  src/geocode/address_parser.cpp
  src/geocode/edit_distance.cpp
  src/geocode/gazetteer.cpp
  src/geocode/gazetteer_cache.cpp
  src/geocode/gazetteer_reader.cpp
  src/geocode/geocoder.cpp
  src/geocode/normalize.cpp
  src/geocode/windows1252.cpp
)
