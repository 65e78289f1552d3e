// SPDX-License-Identifier: MIT
#include <trygg/stats/wdq.hpp>

#include <cmath>
#include <limits>

namespace trygg::stats {

Wdq weighted_displacement_quotient(double a0, double a1, double b0, double b1, double c0, double c1)
{
    Wdq w;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!(c0 > 0 && c1 > 0) || std::isnan(a0) || std::isnan(a1) || std::isnan(b0) || std::isnan(b1)) {
        w = {nan, nan, nan};
        return w;
    }
    w.success = a1 / c1 - a0 / c0;
    w.buffer_displacement = b1 / c1 - b0 / c0;
    w.wdq = w.success != 0 ? w.buffer_displacement / w.success : nan;
    return w;
}

std::string wdq_reading_sv(const Wdq& w)
{
    if (!(w.success < 0) || std::isnan(w.wdq))
        return "åtgärden gav ingen effekt att väga mot (målområdet minskade inte jämfört med kontrollen)";
    if (w.wdq > 1)
        return "spridning av nytta större än den direkta effekten";
    if (w.wdq > 0)
        return "spridning av nytta till buffertzonen";
    if (w.wdq == 0)
        return "varken förflyttning eller spridning";
    if (w.wdq >= -1)
        return "förflyttning mindre än den direkta effekten";
    return "förflyttning större än den direkta effekten";
}

}  // namespace trygg::stats
