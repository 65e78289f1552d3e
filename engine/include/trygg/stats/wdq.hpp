// SPDX-License-Identifier: MIT
#pragma once
// The weighted displacement quotient (Bowers & Johnson 2003, "Measuring the geographical
// displacement and diffusion of benefit effects of crime prevention activity", Journal of
// Quantitative Criminology 19(3)): displacement into (or diffusion of benefits to) a buffer zone
// around the target, weighed against the success in the target, both relative to a control.
#include <string>

namespace trygg::stats {

struct Wdq {
    // Success measure A1/C1 - A0/C0 (A target, C control; 0 before, 1 after): below 0 the
    // target improved relative to the control.
    double success = 0;
    // Buffer displacement measure B1/C1 - B0/C0 (B buffer): above 0 crime moved into the buffer.
    double buffer_displacement = 0;
    // WDQ = buffer_displacement / success; NaN when the success measure is 0 or a count is
    // missing. Read only when success < 0 (the measure worked).
    double wdq = 0;
};

Wdq weighted_displacement_quotient(double target_before, double target_after, double buffer_before,
                                   double buffer_after, double control_before, double control_after);

// Bowers & Johnson's reading of the quotient: "diffusion of benefits greater than the direct
// effect" (> 1), "diffusion of benefits" (0 < WDQ <= 1), "no displacement or diffusion" (0),
// "displacement smaller than the direct effect" (-1 <= WDQ < 0), "displacement greater than the
// direct effect" (< -1); "the measure had no success to weigh" when success >= 0 or NaN.
std::string wdq_reading_sv(const Wdq& w);

}  // namespace trygg::stats
