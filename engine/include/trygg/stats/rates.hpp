// SPDX-License-Identifier: MIT
#pragma once
// Rates for small areas: crude rates, empirical-Bayes smoothing (global and spatial,
// Marshall 1991) and the Assunção-Reis (1999) EB standardisation used for the EB Moran's I.
#include <trygg/spatial/weights.hpp>

#include <span>
#include <vector>

namespace trygg::stats {

// e_i / b_i · scale (scale 1000: per 1,000 inhabitants). A zero or negative base is an error
// naming the unit (`ids` optional).
std::vector<double> crude_rates(std::span<const double> events, std::span<const double> base, double scale = 1.0,
                                std::span<const std::string> ids = {});

// Global EB: θ_i = m + C_i (r_i - m), m = Σe/Σb, s² = Σ b_i (r_i - m)² / Σb,
// a = s² - m/(Σb/n) (0 if negative), C_i = a / (a + m/b_i). Rates per unit of base.
std::vector<double> eb_global(std::span<const double> events, std::span<const double> base,
                              std::span<const std::string> ids = {});

// Spatial EB: as eb_global with m, s², a taken over the neighbourhood of i (i and its
// neighbours in `w`, weights ignored).
std::vector<double> eb_spatial(std::span<const double> events, std::span<const double> base,
                               const spatial::Weights& w);

// Assunção-Reis EB standardisation: y = e/b, m = Σe/Σb, s² = Σ b(y - m)²/Σb,
// a = s² - m/(Σb/n), v = a + m/b (if v < 0 then v = m/b), r = (y - m)/√v.
std::vector<double> eb_standardise(std::span<const double> events, std::span<const double> base,
                                   std::span<const std::string> ids = {});

}  // namespace trygg::stats
