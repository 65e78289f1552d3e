// SPDX-License-Identifier: MIT
#pragma once
// Cut-offs for many simultaneous local tests: Benjamini-Hochberg FDR and Bonferroni.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace trygg::stats {

enum class Correction { none, fdr, bonferroni };
Correction parse_correction(const std::string& name);  // "none" | "fdr" | "bonferroni"
std::string to_string(Correction c);

// Benjamini-Hochberg as esda applies it: with p sorted ascending, the largest k with
// p_(k) < k·alpha/m gives the cut-off k·alpha/m; when none passes, alpha/m (Bonferroni).
// NaN p-values are ignored (m counts the finite ones).
double fdr_cutoff(std::span<const double> p, double alpha);
double bonferroni_cutoff(std::span<const double> p, double alpha);

struct Cutoff {
    double value = 0.05;
    // Set when the cut-off is below the smallest pseudo p the permutations can give, so no
    // unit can be significant: say so instead of silently finding nothing. A unit is significant
    // when p <= cut-off (with the BH cut-off k·alpha/m this is exactly the BH rule).
    std::optional<std::string> warning;
};

// The cut-off for `correction`; `permutations` > 0 when `p` are pseudo p-values.
Cutoff significance_cutoff(std::span<const double> p, double alpha, Correction correction,
                           std::uint32_t permutations);

}  // namespace trygg::stats
