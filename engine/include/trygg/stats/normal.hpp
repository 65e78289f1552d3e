// SPDX-License-Identifier: MIT
#pragma once
// Standard normal tail probabilities for analytic p-values.
#include <cmath>

namespace trygg::stats {

// P(Z > z).
inline double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }
// One-sided p in the direction of the observed sign: P(Z > |z|) (what esda reports).
inline double p_one_sided(double z) { return normal_sf(std::abs(z)); }
// Two-sided p: P(|Z| > |z|) (what ArcGIS and GeoDa report, and what the bins use).
inline double p_two_sided(double z) { return 2.0 * normal_sf(std::abs(z)); }

}  // namespace trygg::stats
