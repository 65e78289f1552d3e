// SPDX-License-Identifier: MIT
#pragma once
// Names for districts whose own layer has none (SCB's DeSO): from a name table keyed by
// district code, or from the enclosing layer (DeSO -> RegSO). Only empty names are filled;
// a name from the layer's own name field always wins, then the table, then the enclosing layer.
#include <trygg/core/area_table.hpp>
#include <trygg/core/district_layer.hpp>

#include <string>

namespace trygg::pipeline {

class StageContext;

// The title a district gets from its enclosing district: "Bäckby (1980R031) · 1980C1340"
// (outer name, outer code in brackets, own code); without an outer name "1980R031 · 1980C1340".
std::string enclosing_title(const std::string& outer_name, const std::string& outer_code, const std::string& code);

// Fills empty names from `table`'s column `column` (key: district code). Warns about districts
// the table does not name and about table keys that are no district.
void names_from_table(core::DistrictLayer& layer, const core::AreaTable& table, const std::string& column,
                      const StageContext& ctx);

// Fills empty names with enclosing_title of the outer district holding the largest share of
// each district's area; warns when a district is not nested (less than `min_share` inside it).
void names_from_enclosing(core::DistrictLayer& layer, const core::DistrictLayer& outer, double min_share,
                          const StageContext& ctx);

}  // namespace trygg::pipeline
