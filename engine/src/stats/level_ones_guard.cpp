// withhold_blocks_with_lines_of_ones (level_suppression.hpp): the model-B guard of the level plan.
#include <trygg/stats/joint_suppression.hpp>
#include <trygg/stats/level_suppression.hpp>

#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace trygg::stats {

namespace {

using Key = std::tuple<int, int, int, int, int>;  // district (-1: municipality), period, group, sex, age

std::map<Key, std::size_t> index_cells(const AggregateResult& r)
{
    std::map<Key, std::size_t> index;
    for (std::size_t k = 0; k < r.cells.size(); ++k) {
        const auto& c = r.cells[k];
        index.emplace(Key{c.district, c.period, c.group, c.sex, c.age}, k);
    }
    return index;
}

}  // namespace

void withhold_blocks_with_lines_of_ones(const AggregateResult& finest, const std::vector<const AggregateResult*>& levels,
                                        const std::vector<std::vector<int>>& parents,
                                        std::vector<std::vector<char>>& masks)
{
    std::vector<const AggregateResult*> all{&finest};
    all.insert(all.end(), levels.begin(), levels.end());
    std::vector<std::map<Key, std::size_t>> index;
    for (const auto* r : all)
        index.push_back(index_cells(*r));
    std::set<std::pair<int, int>> unsafe;  // (period, group) blocks with a line of ones
    // One line: the withheld cells among `members` (cell indices of level l) against a published total cell.
    auto check = [&](std::size_t l, const std::vector<std::size_t>& members, std::size_t total_cell,
                     std::size_t member_level, int period, int group) {
        if (masks[l][total_cell])
            return;  // no published total: no line
        const double total = all[l]->true_counts[total_cell];
        if (!std::isfinite(total))
            return;  // a group not in the source: nothing counted
        double remainder = 0;
        std::size_t withheld = 0;
        for (auto k : members)
            if (masks[member_level][k]) {
                remainder += all[member_level]->true_counts[k];
                ++withheld;
            }
        if (withheld && !withheld_line_is_safe(remainder, withheld, total))
            unsafe.insert({period, group});
    };
    const int np = static_cast<int>(finest.periods.size()), ng = static_cast<int>(finest.groups.size());
    const int ns = static_cast<int>(finest.sex_labels.size()), na = static_cast<int>(finest.age_labels.size());
    for (std::size_t l = 0; l < all.size(); ++l) {
        const auto& r = *all[l];
        const int nd = static_cast<int>(r.district_count);
        for (int p = 0; p < np; ++p)
            for (int g = 0; g < ng; ++g)
                for (int s = 0; s < ns; ++s)
                    for (int a = 0; a < na; ++a) {
                        auto total = index[l].find({-1, p, g, s, a});
                        if (total == index[l].end())
                            continue;
                        std::vector<std::size_t> members;
                        for (int d = 0; d < nd; ++d)
                            if (auto it = index[l].find({d, p, g, s, a}); it != index[l].end())
                                members.push_back(it->second);
                        check(l, members, total->second, l, p, g);
                        if (l == 0)
                            continue;
                        // The finest districts nested in each district of this level.
                        std::vector<std::vector<std::size_t>> nested(static_cast<std::size_t>(nd));
                        for (std::size_t d = 0; d < parents[l - 1].size(); ++d)
                            if (auto it = index[0].find({static_cast<int>(d), p, g, s, a}); it != index[0].end())
                                nested[static_cast<std::size_t>(parents[l - 1][d])].push_back(it->second);
                        for (int d = 0; d < nd; ++d)
                            if (auto it = index[l].find({d, p, g, s, a}); it != index[l].end())
                                check(l, nested[static_cast<std::size_t>(d)], it->second, 0, p, g);
                    }
    }
    for (std::size_t l = 0; l < all.size(); ++l)
        for (std::size_t k = 0; k < all[l]->cells.size(); ++k) {
            const auto& c = all[l]->cells[k];
            if (c.district >= 0 && unsafe.count({c.period, c.group}))
                masks[l][k] = 1;
        }
}

}  // namespace trygg::stats
