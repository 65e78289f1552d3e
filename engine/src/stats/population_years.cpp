// SPDX-License-Identifier: MIT
#include <trygg/stats/population_years.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace trygg::stats {

int period_year(const std::string& label)
{
    return label.size() >= 4 ? core::parse_year(std::string_view(label).substr(0, 4)) : 0;
}

std::vector<int> population_table_years(const core::AreaTable& table, int column)
{
    std::set<int> years;
    if (column >= 0)
        for (const auto& row : table.rows)
            if (const int y = core::parse_year(row[static_cast<std::size_t>(column)]))
                years.insert(y);
    return {years.begin(), years.end()};
}

std::vector<int> population_year_of_periods(const std::vector<std::string>& periods, const std::vector<int>& years)
{
    std::vector<int> out(periods.size(), 0);
    if (years.empty())
        return out;
    for (std::size_t p = 0; p < periods.size(); ++p) {
        const int own = period_year(periods[p]);
        int best = years.front();
        for (int y : years)  // ascending: on a tie the earlier year stays
            if (std::abs(y - own) < std::abs(best - own))
                best = y;
        out[p] = best;
    }
    return out;
}

std::string describe_population_fallbacks(const std::vector<std::string>& periods, const std::vector<int>& used)
{
    std::string out;
    for (std::size_t p = 0; p < periods.size();) {
        if (used[p] == 0 || used[p] == period_year(periods[p])) {
            ++p;
            continue;
        }
        std::size_t q = p;  // the run of consecutive periods falling back to the same year
        while (q + 1 < periods.size() && used[q + 1] == used[p] && used[q + 1] != period_year(periods[q + 1]))
            ++q;
        out += (out.empty() ? "" : "; ") + periods[p] + (q > p ? "\u2013" + periods[q] + " use " : " uses ") +
               std::to_string(used[p]);
        p = q + 1;
    }
    return out;
}

}  // namespace trygg::stats
