// SPDX-License-Identifier: MIT
#include <trygg/spatial/nesting.hpp>
#include <trygg/spatial/overlay.hpp>

#include <algorithm>

namespace trygg::spatial {

std::vector<Enclosing> nesting(const std::vector<core::MultiPolygon>& inner,
                               const std::vector<core::MultiPolygon>& outer)
{
    std::vector<Enclosing> out(inner.size());
    std::vector<double> best(inner.size(), 0.0);
    // Pieces come in (inner, outer) order, so the first of equal areas is the lower outer index.
    for (const auto& piece : overlay_areas(inner, outer))
        if (piece.area > best[piece.source]) {
            best[piece.source] = piece.area;
            out[piece.source].outer = static_cast<int>(piece.target);
        }
    for (std::size_t i = 0; i < inner.size(); ++i) {
        const double a = core::area(inner[i]);
        out[i].share = a > 0 ? std::min(1.0, best[i] / a) : 0.0;
    }
    return out;
}

std::vector<std::size_t> not_nested(const std::vector<Enclosing>& nest, double min_share)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < nest.size(); ++i)
        if (nest[i].outer < 0 || nest[i].share < min_share)
            out.push_back(i);
    return out;
}

}  // namespace trygg::spatial
