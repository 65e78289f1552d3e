# SPDX-License-Identifier: MIT
target_sources(trygg_engine PRIVATE
  src/factors/area_reallocation.cpp
  src/factors/goal_consistency.cpp
  src/factors/goal_index.cpp
  src/factors/indicator_catalogue.cpp
  src/factors/index_uncertainty.cpp
  src/factors/index_validation.cpp
  src/factors/indicator_evaluation.cpp
  src/factors/meeting_place_profile.cpp
  src/factors/point_exposure.cpp
  src/factors/poisson_interval.cpp
  src/factors/published_pooled_count.cpp
  # The factors module's stages (registered in src/pipeline/builtin_stages.cpp); listed here
  # so the module's files are in one place.
  src/pipeline/stages/meeting_places.cpp
  src/pipeline/stages/point_factors.cpp
  src/pipeline/stages/reallocate.cpp
  src/pipeline/stages/trygghetsanalys.cpp
  src/pipeline/stages/trygghetsanalys_output.cpp
  src/pipeline/stages/trygghetsanalys_validation.cpp
)
