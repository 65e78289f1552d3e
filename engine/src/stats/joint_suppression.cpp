// SPDX-License-Identifier: MIT
#include <trygg/stats/joint_suppression.hpp>

#include <limits>

namespace trygg::stats {

bool withheld_line_is_safe(double remainder, std::size_t withheld, double total)
{
    if (total <= 0)
        return true;  // nothing to protect: every cell is 0 and the total says so
    return withheld >= 2 && remainder > 0 && remainder != static_cast<double>(withheld);
}

std::vector<char> withhold_jointly(const std::vector<const std::vector<double>*>& surfaces,
                                   const std::vector<std::size_t>& cells, int threshold)
{
    const std::size_t lattice = surfaces.empty() ? 0 : surfaces.front()->size();
    std::vector<char> hidden(lattice, 0);
    if (threshold <= 1 || surfaces.empty())
        return hidden;
    bool any = false;
    for (const auto* s : surfaces)
        for (std::size_t i : cells)
            if ((*s)[i] >= 1 && (*s)[i] < threshold)
                hidden[i] = 1, any = true;
    if (!any)
        return hidden;

    // Per surface: its total, and R and |W| over the shared mask (kept up to date as cells are added).
    const std::size_t ns = surfaces.size();
    std::vector<double> total(ns, 0), remainder(ns, 0);
    std::size_t withheld = 0;
    for (std::size_t i : cells) {
        withheld += hidden[i] ? 1 : 0;
        for (std::size_t s = 0; s < ns; ++s) {
            total[s] += (*surfaces[s])[i];
            if (hidden[i])
                remainder[s] += (*surfaces[s])[i];
        }
    }
    // A cell's cost: what every surface loses by not publishing it; a cell empty everywhere
    // costs least, then small counts.
    auto cost = [&](std::size_t i) {
        double c = 0;
        for (const auto* s : surfaces)
            c += (*s)[i] + 0.5;
        return c;
    };
    auto add = [&](std::size_t i) {
        hidden[i] = 1;
        ++withheld;
        for (std::size_t s = 0; s < ns; ++s)
            remainder[s] += (*surfaces[s])[i];
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t s = 0; s < ns; ++s) {
            if (withheld_line_is_safe(remainder[s], withheld, total[s]) || withheld == cells.size())
                continue;
            // The cheapest cell with a count in this surface that makes it safe (a cell that
            // is empty in it protects only against the linear relations: whoever knows the
            // place is empty gets the withheld count back); else the cheapest empty one that
            // does; failing both (only counts of 1 left), the cheapest cell that moves it
            // towards safety.
            const std::size_t none = lattice;
            std::size_t fix = none, empty_fix = none, step = none;
            const double inf = std::numeric_limits<double>::infinity();
            double fix_cost = inf, empty_cost = inf, step_cost = inf;
            for (std::size_t i : cells) {
                if (hidden[i])
                    continue;
                const double v = (*surfaces[s])[i];
                const double c = cost(i);
                if (withheld_line_is_safe(remainder[s] + v, withheld + 1, total[s])) {
                    if (v > 0 && c < fix_cost)
                        fix = i, fix_cost = c;
                    else if (v <= 0 && c < empty_cost)
                        empty_fix = i, empty_cost = c;
                } else if (c < step_cost && (remainder[s] > 0 || v > 0)) {
                    step = i, step_cost = c;
                }
            }
            const std::size_t pick = fix != none ? fix : empty_fix != none ? empty_fix : step;
            if (pick == none)
                continue;  // cannot happen: a line that is not safe has a cell left to add
            add(pick);
            changed = true;
        }
    }
    return hidden;
}

}  // namespace trygg::stats
