target_sources(trygg_engine PRIVATE src/cli/cli.cpp)
