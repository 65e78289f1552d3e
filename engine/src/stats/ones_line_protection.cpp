// SPDX-License-Identifier: MIT
#include "ones_line_protection.hpp"

#include <trygg/core/progress.hpp>

#include <cmath>

namespace trygg::stats {

void protect_lines_of_ones(const std::vector<double>& counts, std::vector<char>& hidden, std::size_t nd,
                           std::size_t np, std::size_t ng, std::size_t ns, std::size_t na,
                           const core::CancelToken* cancel)
{
    auto index = [&](std::size_t d, std::size_t p, std::size_t g, std::size_t s, std::size_t a) {
        return (((d * np + p) * ng + g) * ns + s) * na + a;
    };
    for (std::size_t p = 0; p < np; ++p)
        for (std::size_t g = 0; g < ng; ++g)
            for (bool changed = true; changed;) {
                if (cancel)
                    cancel->check();
                changed = false;
                for (std::size_t s = 0; s < ns && !changed; ++s)
                    for (std::size_t a = 0; a < na && !changed; ++a) {
                        if (hidden[index(nd - 1, p, g, s, a)])
                            continue;  // the line's total is withheld: its sum is not known
                        std::size_t withheld = 0, partner = nd;
                        double sum = 0;
                        bool degenerate = true;
                        for (std::size_t d = 0; d + 1 < nd; ++d) {
                            const double v = counts[index(d, p, g, s, a)];
                            if (std::isnan(v))
                                break;  // a group not in source: nothing is published
                            // A withheld 0 counts too: the attacker takes every withheld cell as >= 1.
                            if (hidden[index(d, p, g, s, a)]) {
                                ++withheld;
                                sum += v;
                                // Only where sex and age are unknown for the district's every
                                // incident: elsewhere the cube's partners protect the line.
                                degenerate &= counts[index(d, p, g, ns - 1, na - 1)] == counts[index(d, p, g, 0, 0)];
                            } else if (v >= 1 && (partner == nd || v < counts[index(partner, p, g, s, a)])) {
                                partner = d;
                            }
                        }
                        // One withheld cell alone is the cube's business; all ones from two up is ours.
                        if (withheld < 2 || sum != static_cast<double>(withheld) || partner == nd || !degenerate)
                            continue;
                        for (std::size_t s2 = 0; s2 < ns; ++s2)
                            for (std::size_t a2 = 0; a2 < na; ++a2)
                                if (counts[index(partner, p, g, s2, a2)] >= 1)
                                    hidden[index(partner, p, g, s2, a2)] = 1;
                        changed = true;
                    }
            }
}

}  // namespace trygg::stats
