// SPDX-License-Identifier: MIT
#pragma once
// Private to stats: which secondary (complementary) cell an unknown-sex remainder takes with it
// (issue 18). A small "okänd" (unknown sex) cell needs a partner sex in its cube, man or kvinna;
// charged by their own counts, the cube always took the smaller one (mostly women's), so women's
// counts were withheld far more often than men's because of a remainder nobody asked about.
//
// Least information lost: whichever known sex is withheld, the reader still has it from "alla"
// minus the other known sex, to within the small remainder. The absolute uncertainty is the same
// either way, so the relative loss is smallest for the larger count. A known-sex cell the cube
// would newly withhold beside an unknown-sex primary is therefore charged the count of the
// other known sex at the same district, period and age band: the larger of man and kvinna is
// the cheaper partner. Equal counts: the first known sex (man), deterministic. Every other
// direction (districts, age bands) and every other primary are charged by their own counts.
#include <cstddef>

namespace trygg::stats {

// The sex index whose count charges a cube corner of sex `corner` when the primary's sex is
// `primary`; -1: the corner's own count. Sexes: 0 alla, 1 man, 2 kvinna, 3 okänd (ns == 4).
inline int remainder_partner_other_sex(std::size_t primary, std::size_t corner, std::size_t ns)
{
    if (ns != 4 || primary != 3 || (corner != 1 && corner != 2))
        return -1;
    return corner == 1 ? 2 : 1;
}

}  // namespace trygg::stats
