target_sources(trygg_engine PRIVATE
  src/geocode/address_parser.cpp
  src/geocode/edit_distance.cpp
  src/geocode/gazetteer.cpp
  src/geocode/geocoder.cpp
  src/geocode/normalize.cpp
)
