// SPDX-License-Identifier: MIT
#pragma once
// Emerging hot spots (the space-time pattern categories of ArcGIS's Emerging Hot Spot
// Analysis; rules and differences in docs/emerging-hotspots.md): Gi* of every unit × period
// over a space-time neighbourhood (spatial neighbours × a window of earlier periods), the
// Mann–Kendall trend of each unit's counts and of its Gi* z-scores, and one category per unit.
#include <trygg/core/progress.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/mann_kendall.hpp>
#include <trygg/stats/multiple_testing.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace trygg::stats {

// Codes as published (`<prefix>_kategori`): hot 1..8, cold -1..-8, 0 no pattern.
enum class EmergingCategory : std::int8_t {
    none = 0,
    new_hot = 1,
    consecutive_hot = 2,
    intensifying_hot = 3,
    persistent_hot = 4,
    diminishing_hot = 5,
    sporadic_hot = 6,
    oscillating_hot = 7,
    historical_hot = 8,
    new_cold = -1,
    consecutive_cold = -2,
    intensifying_cold = -3,
    persistent_cold = -4,
    diminishing_cold = -5,
    sporadic_cold = -6,
    oscillating_cold = -7,
    historical_cold = -8,
};

// "new hot spot", ...; and the Swedish label the layer shows ("Ny het punkt", ...).
std::string category_name(EmergingCategory c);
std::string category_label_sv(EmergingCategory c);
// Every category in legend order (hot 1..8, cold -1..-8, none).
std::vector<EmergingCategory> emerging_categories();

struct ClassifyOptions {
    double trend_alpha = 0.05;      // a z-score trend is significant when its p <= this
    double persistent_share = 0.9;  // "ninety percent of the time-step intervals"
};

// One unit's category from its per-period significance (+1 significant hot, -1 significant
// cold, 0 neither; time order) and the Mann–Kendall trend of its Gi* z-scores.
EmergingCategory classify_emerging(std::span<const std::int8_t> significance, const MannKendallResult& z_trend,
                                   const ClassifyOptions& options = {});

// Binary space-time weights over units × periods (index unit·periods + period): (j, s) is a
// neighbour of (i, t) when j is i or a neighbour of i in `w` (its weights ignored) and
// t - window <= s <= t. Self weights included (Gi*).
spatial::Weights space_time_weights(const spatial::Weights& w, std::size_t periods, std::size_t window);

struct EmergingOptions {
    std::size_t window = 1;  // earlier periods in the neighbourhood (ArcGIS's time step minus one)
    double alpha = 0.05;     // a bin is significant when its Gi* p <= the cut-off at alpha
    Correction correction = Correction::fdr;  // over all bins, as ArcGIS Pro applies FDR
    ClassifyOptions classify;
};

struct EmergingResult {
    std::size_t units = 0, periods = 0;
    // Per bin, index unit·periods + period.
    std::vector<double> z, p;
    std::vector<std::int8_t> significance;  // +1 / -1 / 0 at the cut-off
    double cutoff = 0.05;
    // Per unit.
    std::vector<MannKendallResult> count_trend, z_trend;
    std::vector<EmergingCategory> category;
    std::vector<std::int32_t> hot_periods, cold_periods;
};

// `counts` per bin (unit·periods + period), non-negative. Throws core::DataError for a
// negative or non-finite count, a size that does not match, or fewer than two periods.
EmergingResult emerging_hotspots(const spatial::Weights& w, std::span<const double> counts, std::size_t periods,
                                 const EmergingOptions& options, const core::CancelToken* cancel = nullptr);

}  // namespace trygg::stats
