# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/geocode/address_parser.cpp
  src/geocode/alias_catalogue.cpp
  src/geocode/edit_distance.cpp
  src/geocode/fuzzy_street.cpp
  src/geocode/gazetteer.cpp
  src/geocode/gazetteer_cache.cpp
  src/geocode/gazetteer_reader.cpp
  src/geocode/geocode_summary.cpp
  src/geocode/geocoder.cpp
  src/geocode/matcher.cpp
  src/geocode/morphology.cpp
  src/geocode/normalize.cpp
  src/geocode/prose_intersection.cpp
  src/geocode/road_match.cpp
  src/geocode/road_mention.cpp
  src/geocode/roads.cpp
  src/geocode/prose_search.cpp
)
# The `trygg geocode` sub-command lives with the CLI but is listed here to keep cli/sources.cmake
# the lead's; cli.cpp calls it through cli/geocode_command.hpp.
target_sources(trygg_engine PRIVATE src/cli/geocode_command.cpp)
# The geocode stage (registered in pipeline/builtin_stages.cpp).
target_sources(trygg_engine PRIVATE src/pipeline/stages/geocode.cpp)
# Line layers for the geocoder's roads (io, but only geocode reads them).
target_sources(trygg_engine PRIVATE src/io/feature_lines.cpp)
