// SPDX-License-Identifier: MIT
#pragma once
// Local Moran's I (Anselin 1995) with analytic randomisation moments and conditional
// permutation inference. Values are standardised by the sample standard deviation
// (n - 1), as GeoDa and esda do: I_i = z_i Σ_j w_ij z_j.
#include <trygg/core/progress.hpp>
#include <trygg/spatial/weights.hpp>
#include <trygg/stats/permutation.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace trygg::stats {

// Cluster classes as codes (GeoDa's numbering); labels are added where results are written.
enum class LisaClass : std::uint8_t { not_significant = 0, high_high = 1, low_low = 2, low_high = 3, high_low = 4,
                                      undefined = 5 /* island or no value */ };
std::string to_string(LisaClass c);  // "High-High", ..., "Not significant", "Undefined"

struct LocalMoranResult {
    std::vector<double> value;     // I_i (NaN for islands)
    std::vector<double> z_value;   // standardised variable z_i
    std::vector<double> lag;       // Σ_j w_ij z_j
    std::vector<double> expected;  // E[I_i] = -W_i/(n-1)
    std::vector<double> variance;  // Var[I_i] under randomisation
    std::vector<double> z;         // (I_i - E) / sqrt(Var)
    std::vector<double> p;         // two-sided analytic p
    std::vector<PermutationSummary> sim;
    std::uint32_t permutations = 0;
};

// Self weights in `w` are ignored. Throws core::DataError for NaN values or a constant variable.
LocalMoranResult local_moran(const spatial::Weights& w, std::span<const double> y,
                             const PermutationOptions& perm = {0}, const core::CancelToken* cancel = nullptr);

// Quadrant of each unit when p[i] <= cutoff, else not_significant (undefined where NaN).
std::vector<LisaClass> lisa_classes(const LocalMoranResult& r, std::span<const double> p, double cutoff);

}  // namespace trygg::stats
