#include <trygg/core/error.hpp>
#include <trygg/stats/level_suppression.hpp>

#include <cmath>
#include <limits>

namespace trygg::stats {

std::function<bool(std::size_t, std::size_t)> partner_in_other_parent(std::vector<std::vector<int>> parents)
{
    return [parents = std::move(parents)](std::size_t d, std::size_t partner) {
        for (const auto& parent : parents)
            if (d < parent.size() && partner < parent.size() && parent[d] == parent[partner])
                return false;
        return true;
    };
}

void withhold_from_finer(AggregateResult& coarse, const AggregateResult& fine, const std::vector<int>& parent)
{
    const std::size_t np = fine.periods.size(), ng = fine.groups.size(), ns = fine.sex_labels.size(),
                      na = fine.age_labels.size();
    if (coarse.periods != fine.periods || coarse.groups != fine.groups || coarse.sex_labels != fine.sex_labels ||
        coarse.age_labels != fine.age_labels || parent.size() != fine.district_count)
        throw core::DataError("levels: a coarser level's table does not match the finest level's periods, groups "
                              "and bands");
    const std::size_t slice = np * ng * ns * na;  // cells per district
    const std::size_t ncd = coarse.district_count;
    std::vector<char> hidden(coarse.cells.size(), 0);
    auto mark = [&](std::size_t coarse_district, std::size_t fine_district) {
        for (std::size_t k = 0; k < slice; ++k)
            if (fine.cells[fine_district * slice + k].suppressed)
                hidden[coarse_district * slice + k] = 1;
    };
    for (std::size_t d = 0; d < fine.district_count; ++d)
        if (parent[d] >= 0)
            mark(static_cast<std::size_t>(parent[d]), d);
    mark(ncd, fine.district_count);  // the municipality row is the same cell on every level
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t period_stride = ng * ns * na;
    for (std::size_t k = 0; k < coarse.cells.size(); ++k) {
        auto& c = coarse.cells[k];
        if (hidden[k]) {
            c.suppressed = true;
            c.count = c.rate_per_1000 = c.rate_per_km2 = nan;
        }
        if (hidden[k] || (c.period > 0 && hidden[k - period_stride]))
            c.change = c.change_pct = nan;
    }
}

std::vector<PublishedShare> published_shares(const AggregateResult& result)
{
    std::vector<PublishedShare> out(result.groups.size() + 1);
    for (std::size_t k = 0; k < result.cells.size(); ++k) {
        const auto& c = result.cells[k];
        if (c.district < 0 || c.sex != 0 || c.age != 0 || !(result.true_counts[k] > 0))
            continue;
        for (auto* s : {&out[c.group], &out.back()}) {
            ++s->cells;
            s->published += !c.suppressed;
        }
    }
    return out;
}

int recommended_level(const std::vector<PublishedShare>& shares, double min_share)
{
    for (std::size_t l = 0; l < shares.size(); ++l)
        if (shares[l].share() >= min_share)
            return static_cast<int>(l);
    return -1;
}

}  // namespace trygg::stats
