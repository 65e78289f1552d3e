target_sources(trygg_unit_tests PRIVATE
<<<<<<< HEAD
  ${CMAKE_CURRENT_LIST_DIR}/WeightsTest.cpp
)
=======
  ${CMAKE_CURRENT_LIST_DIR}/DistrictIndexTest.cpp
)
target_link_libraries(trygg_unit_tests PRIVATE GEOS::geos_c)
>>>>>>> main
