// SPDX-License-Identifier: MIT
#include <trygg/core/error.hpp>
#include <trygg/stats/emerging_hotspots.hpp>
#include <trygg/stats/getis_ord.hpp>

#include <algorithm>
#include <cmath>

namespace trygg::stats {

namespace {

struct Names {
    EmergingCategory category;
    const char* name;
    const char* sv;
};

constexpr Names names[] = {
    {EmergingCategory::new_hot, "new hot spot", "Ny hotspot"},
    {EmergingCategory::consecutive_hot, "consecutive hot spot", "Sammanhängande hotspot"},
    {EmergingCategory::intensifying_hot, "intensifying hot spot", "Tilltagande hotspot"},
    {EmergingCategory::persistent_hot, "persistent hot spot", "Ihållande hotspot"},
    {EmergingCategory::diminishing_hot, "diminishing hot spot", "Avtagande hotspot"},
    {EmergingCategory::sporadic_hot, "sporadic hot spot", "Sporadisk hotspot"},
    {EmergingCategory::oscillating_hot, "oscillating hot spot", "Växlande hotspot"},
    {EmergingCategory::historical_hot, "historical hot spot", "Historisk hotspot"},
    {EmergingCategory::new_cold, "new cold spot", "Ny kallpunkt"},
    {EmergingCategory::consecutive_cold, "consecutive cold spot", "Sammanhängande kallpunkt"},
    {EmergingCategory::intensifying_cold, "intensifying cold spot", "Tilltagande kallpunkt"},
    {EmergingCategory::persistent_cold, "persistent cold spot", "Ihållande kallpunkt"},
    {EmergingCategory::diminishing_cold, "diminishing cold spot", "Avtagande kallpunkt"},
    {EmergingCategory::sporadic_cold, "sporadic cold spot", "Sporadisk kallpunkt"},
    {EmergingCategory::oscillating_cold, "oscillating cold spot", "Växlande kallpunkt"},
    {EmergingCategory::historical_cold, "historical cold spot", "Historisk kallpunkt"},
    {EmergingCategory::none, "no pattern detected", "Inget mönster"},
};

const Names& names_of(EmergingCategory c)
{
    for (const auto& n : names)
        if (n.category == c)
            return n;
    return names[std::size(names) - 1];
}

EmergingCategory signed_category(int magnitude, int sign)
{
    return static_cast<EmergingCategory>(static_cast<std::int8_t>(magnitude * sign));
}

}  // namespace

std::string category_name(EmergingCategory c) { return names_of(c).name; }
std::string category_label_sv(EmergingCategory c) { return names_of(c).sv; }

std::vector<EmergingCategory> emerging_categories()
{
    std::vector<EmergingCategory> out;
    for (const auto& n : names)
        out.push_back(n.category);
    return out;
}

EmergingCategory classify_emerging(std::span<const std::int8_t> sig, const MannKendallResult& z_trend,
                                   const ClassifyOptions& options)
{
    const std::size_t n = sig.size();
    if (n == 0)
        return EmergingCategory::none;
    // "At least ninety percent of the time-step intervals": count >= share·n (a small tolerance
    // so that 9 of 10 counts at share 0.9).
    auto most = [&](std::size_t count) { return static_cast<double>(count) >= options.persistent_share * static_cast<double>(n) - 1e-9; };
    auto count_of = [&](int s) {
        return static_cast<std::size_t>(std::count(sig.begin(), sig.end(), static_cast<std::int8_t>(s)));
    };
    const int last = sig[n - 1];
    if (last == 0) {
        // Not significant now: historical when it was (of one sign) in 90 % of the periods.
        if (most(count_of(+1)))
            return EmergingCategory::historical_hot;
        if (most(count_of(-1)))
            return EmergingCategory::historical_cold;
        return EmergingCategory::none;
    }
    // The final period decides the side; the rules below read "hot" as "of the final sign" and
    // "cold" as the opposite sign, and a rising trend as one towards the final sign.
    const int side = last;
    const std::size_t same = count_of(side), opposite = count_of(-side);
    if (most(same)) {
        const bool trend = z_trend.p <= options.trend_alpha && z_trend.s != 0;
        if (trend && (z_trend.s > 0) == (side > 0))
            return signed_category(3, side);  // intensifying
        if (trend)
            return signed_category(5, side);  // diminishing
        return signed_category(4, side);      // persistent
    }
    if (opposite > 0)
        return signed_category(7, side);  // oscillating: was significant of the other sign before
    if (same == 1)
        return signed_category(1, side);  // new
    // The final run of significant periods of the final sign.
    std::size_t run = 0;
    while (run < n && sig[n - 1 - run] == side)
        ++run;
    if (run == same)
        return signed_category(2, side);  // consecutive: never significant before the run (run >= 2 here)
    return signed_category(6, side);      // sporadic: on and off, never of the other sign
}

spatial::Weights space_time_weights(const spatial::Weights& w, std::size_t periods, std::size_t window)
{
    const std::size_t n = w.size();
    std::vector<spatial::NeighbourList> lists(n * periods);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::uint32_t> spatial(w.neighbours(i).begin(), w.neighbours(i).end());
        spatial.push_back(static_cast<std::uint32_t>(i));
        std::sort(spatial.begin(), spatial.end());
        spatial.erase(std::unique(spatial.begin(), spatial.end()), spatial.end());
        for (std::size_t t = 0; t < periods; ++t) {
            auto& list = lists[i * periods + t];
            const std::size_t first = t >= window ? t - window : 0;
            list.reserve(spatial.size() * (t - first + 1));
            for (auto j : spatial)  // sorted by j, then by period: sorted by bin index
                for (std::size_t s = first; s <= t; ++s)
                    list.emplace_back(static_cast<std::uint32_t>(j * periods + s), 1.0);
        }
    }
    return spatial::Weights::from_lists(std::move(lists), spatial::WeightsStyle::binary);
}

EmergingResult emerging_hotspots(const spatial::Weights& w, std::span<const double> counts, std::size_t periods,
                                 const EmergingOptions& options, const core::CancelToken* cancel)
{
    if (periods < 2)
        throw core::DataError("emerging hot spots need at least two periods, got " + std::to_string(periods));
    if (counts.size() != w.size() * periods)
        throw core::DataError("emerging hot spots: " + std::to_string(counts.size()) + " counts for " +
                              std::to_string(w.size()) + " units × " + std::to_string(periods) + " periods");
    for (std::size_t b = 0; b < counts.size(); ++b)
        if (!std::isfinite(counts[b]) || counts[b] < 0)
            throw core::DataError("emerging hot spots: unit " + w.id(b / periods) + " period " +
                                  std::to_string(b % periods + 1) + " has count " + std::to_string(counts[b]) +
                                  " (must be a finite number >= 0)");
    EmergingResult r;
    r.units = w.size();
    r.periods = periods;
    const auto st = space_time_weights(w, periods, options.window);
    GetisOrdOptions go;
    go.star = true;
    const auto gi = local_getis_ord(st, counts, go, cancel);
    r.z = gi.z;
    r.p = gi.p;
    r.cutoff = significance_cutoff(r.p, options.alpha, options.correction, 0).value;
    r.significance.resize(r.z.size());
    for (std::size_t b = 0; b < r.z.size(); ++b)
        r.significance[b] = std::isfinite(r.z[b]) && r.p[b] <= r.cutoff ? (r.z[b] > 0 ? 1 : -1) : 0;
    r.count_trend.resize(r.units);
    r.z_trend.resize(r.units);
    r.category.resize(r.units);
    r.hot_periods.resize(r.units);
    r.cold_periods.resize(r.units);
    for (std::size_t i = 0; i < r.units; ++i) {
        const std::size_t b = i * periods;
        r.count_trend[i] = mann_kendall(counts.subspan(b, periods));
        r.z_trend[i] = mann_kendall(std::span<const double>(r.z).subspan(b, periods));
        const std::span<const std::int8_t> sig(r.significance.data() + b, periods);
        r.category[i] = classify_emerging(sig, r.z_trend[i], options.classify);
        r.hot_periods[i] = static_cast<std::int32_t>(std::count(sig.begin(), sig.end(), 1));
        r.cold_periods[i] = static_cast<std::int32_t>(std::count(sig.begin(), sig.end(), -1));
    }
    return r;
}

}  // namespace trygg::stats
