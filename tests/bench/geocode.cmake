# SPDX-License-Identifier: MIT
# bench_geocode: geocoder speed, index build and accuracy with the noise generator.
add_executable(bench_geocode ${CMAKE_CURRENT_LIST_DIR}/bench_geocode.cpp ${CMAKE_CURRENT_LIST_DIR}/geocode_noise.cpp)
target_link_libraries(bench_geocode PRIVATE trygg_engine trygg_warnings benchmark::benchmark)
target_compile_definitions(bench_geocode PRIVATE TRYGG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
