// SPDX-License-Identifier: MIT
#include "population_column.hpp"

#include <algorithm>

namespace trygg::pipeline {

std::vector<std::string> population_value_candidates(const core::AreaTable& table,
                                                     const std::vector<std::string>& taken)
{
    std::vector<std::string> out;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const auto& name = table.columns[c];
        if (name == table.key_column || std::find(taken.begin(), taken.end(), name) != taken.end())
            continue;
        bool numbers = false, other = false;
        for (const auto& row : table.rows) {
            if (c >= row.size())
                continue;
            const auto& cell = row[c];
            if (core::parse_number(cell))
                numbers = true;
            else if (cell.find_first_not_of(" .-") != std::string::npos)  // not empty, not "..", not "-"
                other = true;
        }
        if (numbers && !other)
            out.push_back(name);
    }
    return out;
}

}  // namespace trygg::pipeline
