// SPDX-License-Identifier: MIT
#include <trygg/core/incident_table.hpp>

#include <type_traits>

namespace trygg::core {

void IncidentTable::keep(const std::vector<std::size_t>& rows)
{
    if (rows.size() == size())
        return;  // increasing indexes of every record: nothing to drop
    auto compact = [&](auto& column) {
        if (column.empty())
            return;  // an optional column that is not mapped
        std::vector<std::remove_cvref_t<decltype(column[0])>> out;
        out.reserve(rows.size());
        for (auto i : rows)
            out.push_back(std::move(column[i]));
        column = std::move(out);
    };
    compact(x), compact(y), compact(time), compact(has_clock), compact(groups), compact(sex), compact(age);
    compact(status), compact(area_code), compact(source_row), compact(content_hash), id.keep(rows), compact(address);
    category.keep(rows);
    compact(not_located_reason), compact(not_located_category);
}

}  // namespace trygg::core
