// SPDX-License-Identifier: MIT
#include <trygg/stats/multiple_testing.hpp>
#include <trygg/stats/permutation.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace trygg::stats {

Correction parse_correction(const std::string& name)
{
    if (name == "none")
        return Correction::none;
    if (name == "fdr")
        return Correction::fdr;
    if (name == "bonferroni")
        return Correction::bonferroni;
    throw std::invalid_argument("unknown correction '" + name + "' (expected none, fdr or bonferroni)");
}

std::string to_string(Correction c)
{
    switch (c) {
    case Correction::none: return "none";
    case Correction::fdr: return "fdr";
    case Correction::bonferroni: return "bonferroni";
    }
    return "none";
}

namespace {
std::vector<double> finite_sorted(std::span<const double> p)
{
    std::vector<double> v;
    for (double x : p)
        if (std::isfinite(x))
            v.push_back(x);
    std::sort(v.begin(), v.end());
    return v;
}
}  // namespace

double fdr_cutoff(std::span<const double> p, double alpha)
{
    const auto v = finite_sorted(p);
    const double m = static_cast<double>(v.size());
    if (v.empty())
        return alpha;
    for (std::size_t k = v.size(); k >= 1; --k) {
        const double threshold = static_cast<double>(k) * alpha / m;
        if (v[k - 1] < threshold)
            return threshold;
    }
    return alpha / m;
}

double bonferroni_cutoff(std::span<const double> p, double alpha)
{
    const auto v = finite_sorted(p);
    return v.empty() ? alpha : alpha / static_cast<double>(v.size());
}

Cutoff significance_cutoff(std::span<const double> p, double alpha, Correction correction,
                           std::uint32_t permutations)
{
    Cutoff c;
    switch (correction) {
    case Correction::none: c.value = alpha; break;
    case Correction::fdr: c.value = fdr_cutoff(p, alpha); break;
    case Correction::bonferroni: c.value = bonferroni_cutoff(p, alpha); break;
    }
    if (permutations > 0 && c.value < smallest_pseudo_p(permutations)) {
        std::ostringstream s;
        s << to_string(correction) << " cut-off " << c.value << " is below the smallest attainable pseudo p "
          << smallest_pseudo_p(permutations) << " with " << permutations
          << " permutations: no unit can be significant; raise \"permutations\" to at least "
          << static_cast<std::uint64_t>(std::ceil(1.0 / c.value)) << " or use analytic p";
        c.warning = s.str();
    }
    return c;
}

}  // namespace trygg::stats
