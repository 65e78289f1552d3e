// SPDX-License-Identifier: MIT
#include "district_names.hpp"

#include <trygg/pipeline/stage.hpp>
#include <trygg/spatial/nesting.hpp>

#include <cmath>
#include <unordered_map>

namespace trygg::pipeline {

std::string enclosing_title(const std::string& outer_name, const std::string& outer_code, const std::string& code)
{
    return outer_name.empty() ? outer_code + " · " + code : outer_name + " (" + outer_code + ") · " + code;
}

void names_from_table(core::DistrictLayer& layer, const core::AreaTable& table, const std::string& column,
                      const StageContext& ctx)
{
    const int c = table.column_index(column);
    if (c < 0) {
        std::string cols;
        for (const auto& x : table.columns)
            cols += (cols.empty() ? "" : ", ") + x;
        ctx.fail_input("\"names\": field '" + column + "' not found in '" + table.source + "' (the fields are: " +
                       cols + ")");
    }
    std::unordered_map<std::string, std::string> by_code;
    std::size_t foreign = 0;
    std::string foreign_example;
    const auto index = layer.code_index();
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& key = table.key(r);
        if (!index.count(key)) {
            if (foreign++ == 0)
                foreign_example = key;
            continue;
        }
        const auto& name = table.rows[r][static_cast<std::size_t>(c)];
        if (!name.empty())
            by_code.emplace(key, name);  // the first row naming a code wins
    }
    std::size_t unnamed = 0;
    std::string unnamed_example;
    for (std::size_t d = 0; d < layer.size(); ++d) {
        if (!layer.names[d].empty())
            continue;
        auto it = by_code.find(layer.codes[d]);
        if (it != by_code.end()) {
            layer.names[d] = it->second;
        } else if (unnamed++ == 0) {
            unnamed_example = layer.codes[d];
        }
    }
    if (unnamed)
        ctx.warn("\"names\": " + std::to_string(unnamed) + " districts have no name in '" + table.source +
                 "' (e.g. " + unnamed_example + ")");
    if (foreign)
        ctx.warn("\"names\": " + std::to_string(foreign) + " rows of '" + table.source +
                 "' have a key that is no district code (e.g. '" + foreign_example + "'); ignored");
}

void names_from_enclosing(core::DistrictLayer& layer, const core::DistrictLayer& outer, double min_share,
                          const StageContext& ctx)
{
    const auto nest = spatial::nesting(layer.polygons, outer.polygons);
    const auto loose = spatial::not_nested(nest, min_share);
    if (!loose.empty()) {
        std::string list;
        for (std::size_t k = 0; k < loose.size() && k < 5; ++k) {
            const auto& e = nest[loose[k]];
            list += (k ? ", " : "") + layer.codes[loose[k]] + " (" +
                    std::to_string(static_cast<int>(std::floor(e.share * 100))) + " % in " +
                    (e.outer < 0 ? std::string("none") : outer.codes[static_cast<std::size_t>(e.outer)]) + ")";
        }
        ctx.warn(std::to_string(loose.size()) + " districts are not nested in '" + outer.source + "' (less than " +
                 std::to_string(static_cast<int>(std::lround(min_share * 100))) + " % of their area in one): " + list +
                 (loose.size() > 5 ? ", ..." : "") + "; each takes the name of the one holding most of it");
    }
    for (std::size_t d = 0; d < layer.size(); ++d) {
        if (!layer.names[d].empty() || nest[d].outer < 0)
            continue;
        const auto o = static_cast<std::size_t>(nest[d].outer);
        layer.names[d] = enclosing_title(outer.names[o], outer.codes[o], layer.codes[d]);
    }
}

}  // namespace trygg::pipeline
