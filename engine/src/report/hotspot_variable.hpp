// SPDX-License-Identifier: MIT
#pragma once
// Private: the id of the variable the hotspot statistics (Gi*, LISA) analysed, for the report.
#include <nlohmann/json.hpp>

namespace trygg::report {

// From the manifest's stages: the first gistar, else local_moran stage's variable options as an
// id in the report's language of column names ("vald_per_1000", "vald_antal", a table's column),
// not the statistics' English label ("vald 2023H2 rate per 1,000"). Null when there is none.
nlohmann::json hotspot_variable_id(const nlohmann::json& manifest);

}  // namespace trygg::report
