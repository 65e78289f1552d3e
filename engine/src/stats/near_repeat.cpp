// SPDX-License-Identifier: MIT
#include <trygg/stats/near_repeat.hpp>

#include "knox_pairs.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace trygg::stats {

NearRepeatResult near_repeat(std::span<const double> x, std::span<const double> y, std::span<const double> t,
                             const NearRepeatBands& bands, const PermutationOptions& options,
                             const core::CancelToken* cancel)
{
    if (x.size() != y.size() || x.size() != t.size())
        throw std::invalid_argument("near_repeat: x, y and t differ in length");
    if (!(bands.distance_width > 0) || !(bands.time_width > 0) || bands.distance_bands == 0 || bands.time_bands == 0)
        throw std::invalid_argument("near_repeat: band widths must be positive and band counts at least 1");
    const detail::DistanceRows rows{bands.distance_width, bands.distance_bands, bands.same_location};
    const detail::TimeBands times{bands.time_width, bands.time_bands};
    const auto n = static_cast<std::uint64_t>(x.size());
    NearRepeatResult out;
    out.events = n;
    out.pairs = n < 2 ? 0 : n * (n - 1) / 2;
    out.permutations = options.permutations;
    const auto pairs = detail::close_pairs(x, y, rows, cancel);
    std::vector<std::uint64_t> row_pairs(rows.rows(), 0);
    for (const auto& p : pairs)
        row_pairs[p.row] += 1;
    const auto band_pairs = detail::time_band_pairs(t, times);
    const auto counts = detail::permuted_cell_counts(pairs, t, rows.rows(), times, options, cancel);
    const double r = options.permutations;
    for (std::size_t i = 0; i < rows.rows(); ++i)
        for (std::size_t k = 0; k < times.bands; ++k) {
            const std::size_t c = i * times.bands + k;
            NearRepeatCell cell;
            cell.distance_band = i;
            cell.time_band = k;
            const std::size_t w = bands.same_location ? (i == 0 ? 0 : i - 1) : i;
            const bool zero_row = bands.same_location && i == 0;
            cell.distance_low = zero_row ? 0 : static_cast<double>(w) * bands.distance_width;
            cell.distance_high = zero_row ? 0 : static_cast<double>(w + 1) * bands.distance_width;
            cell.time_low = static_cast<double>(k) * bands.time_width;
            cell.time_high = static_cast<double>(k + 1) * bands.time_width;
            cell.observed = counts.observed[c];
            cell.expected = out.pairs == 0 ? 0
                                           : static_cast<double>(row_pairs[i]) * static_cast<double>(band_pairs[k]) /
                                                 static_cast<double>(out.pairs);
            cell.ratio = cell.expected > 0 ? static_cast<double>(cell.observed) / cell.expected
                                           : std::numeric_limits<double>::quiet_NaN();
            if (options.permutations > 0) {
                cell.sim_mean = counts.sum[c] / r;
                cell.sim_sd = r > 1 ? std::sqrt(std::max(0.0, (counts.sum_sq[c] - r * cell.sim_mean * cell.sim_mean) / (r - 1)))
                                    : std::numeric_limits<double>::quiet_NaN();
                cell.p_upper = (counts.ge[c] + 1.0) / (r + 1.0);
                cell.p_lower = (counts.le[c] + 1.0) / (r + 1.0);
            } else {
                cell.sim_mean = cell.sim_sd = cell.p_upper = cell.p_lower = std::numeric_limits<double>::quiet_NaN();
            }
            out.cells.push_back(cell);
        }
    return out;
}

}  // namespace trygg::stats
