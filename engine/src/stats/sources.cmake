target_sources(trygg_engine PRIVATE
  src/stats/aggregate.cpp
  src/stats/crime_catalogue.cpp
)
