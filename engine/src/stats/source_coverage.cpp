// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <cmath>
#include <limits>

namespace trygg::stats {

std::uint16_t declared_coverage(const std::vector<std::string>& group_names, const std::vector<std::string>& covers,
                                const std::string& tag)
{
    std::uint16_t mask = 0;
    for (const auto& name : covers) {
        std::size_t g = 0;
        while (g < group_names.size() && group_names[g] != name)
            ++g;
        if (g == group_names.size()) {
            std::string known;
            for (const auto& n : group_names)
                known += (known.empty() ? "" : ", ") + n;
            throw core::PipelineError(tag + ": \"covers\": '" + name + "' is no crime group of the catalogue (groups: " +
                                      known + ")");
        }
        mask |= static_cast<std::uint16_t>(1u << g);
    }
    return mask;
}

std::uint16_t groups_not_in_source(std::size_t group_count, bool has_catalogue, std::uint16_t covered)
{
    if (!has_catalogue)
        return 0;
    const auto all = static_cast<std::uint16_t>(group_count >= 16 ? 0xffffu : (1u << group_count) - 1u);
    return static_cast<std::uint16_t>(all & ~covered);
}

void mark_groups_not_in_source(AggregateResult& r, std::uint16_t groups_not_in_source)
{
    const std::size_t ng = r.groups.size();
    r.not_in_source.assign(ng, 0);
    for (std::size_t g = 0; g < ng; ++g)
        r.not_in_source[g] = (groups_not_in_source >> g) & 1u;
    if (!groups_not_in_source)
        return;
    // Cells are ordered district, period, group, sex, age: the group from the index.
    const std::size_t per_group = r.sex_labels.size() * r.age_labels.size();
    for (std::size_t k = 0; k < r.true_counts.size(); ++k)
        if (r.not_in_source[k / per_group % ng])
            r.true_counts[k] = std::numeric_limits<double>::quiet_NaN();
}

bool not_in_source(const AggregateResult& r, const AggregateCell& c)
{
    return c.group < r.not_in_source.size() && r.not_in_source[c.group];
}

}  // namespace trygg::stats
