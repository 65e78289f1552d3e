# SPDX-License-Identifier: MIT
# bench_geocode: geocoder speed, index build and accuracy with the noise generator.
add_executable(bench_geocode ${CMAKE_CURRENT_LIST_DIR}/bench_geocode.cpp ${CMAKE_CURRENT_LIST_DIR}/geocode_noise.cpp)
target_link_libraries(bench_geocode PRIVATE trygg_engine trygg_warnings benchmark::benchmark)
target_compile_definitions(bench_geocode PRIVATE TRYGG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
# bench_geocode_throughput: one-thread throughput as a plain program (whole-process timing).
add_executable(bench_geocode_throughput ${CMAKE_CURRENT_LIST_DIR}/bench_geocode_throughput.cpp)
target_link_libraries(bench_geocode_throughput PRIVATE trygg_engine trygg_warnings)
