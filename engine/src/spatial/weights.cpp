// SPDX-License-Identifier: MIT
#include <trygg/spatial/weights.hpp>

#include <algorithm>
#include <stdexcept>

namespace trygg::spatial {

std::string to_string(WeightsStyle s)
{
    switch (s) {
    case WeightsStyle::binary: return "binary";
    case WeightsStyle::row: return "row";
    case WeightsStyle::custom: return "custom";
    }
    return "custom";
}

Weights Weights::from_lists(std::vector<NeighbourList> lists, WeightsStyle style, std::vector<std::string> ids)
{
    Weights w;
    const std::size_t n = lists.size();
    if (!ids.empty() && ids.size() != n)
        throw std::invalid_argument("weights: " + std::to_string(ids.size()) + " ids for " + std::to_string(n) +
                                    " units");
    w.offsets_.assign(1, 0);
    w.offsets_.reserve(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        auto& row = lists[i];
        std::sort(row.begin(), row.end());
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (row[k].first >= n)
                throw std::invalid_argument("weights: unit " + std::to_string(i + 1) + " names neighbour " +
                                            std::to_string(row[k].first + 1) + " of " + std::to_string(n));
            if (k > 0 && row[k].first == row[k - 1].first)
                throw std::invalid_argument("weights: unit " + std::to_string(i + 1) + " lists neighbour " +
                                            std::to_string(row[k].first + 1) + " twice");
            w.indices_.push_back(row[k].first);
            w.values_.push_back(row[k].second);
        }
        w.offsets_.push_back(w.indices_.size());
    }
    w.ids_ = std::move(ids);
    w.style_ = style;
    return w;
}

Weights Weights::from_pairs(std::size_t n, std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs,
                            std::vector<std::string> ids)
{
    std::vector<std::pair<std::uint32_t, std::uint32_t>> directed;
    directed.reserve(pairs.size() * 2);
    for (auto [a, b] : pairs) {
        if (a == b)
            continue;
        directed.emplace_back(a, b);
        directed.emplace_back(b, a);
    }
    std::sort(directed.begin(), directed.end());
    directed.erase(std::unique(directed.begin(), directed.end()), directed.end());
    std::vector<NeighbourList> lists(n);
    for (auto [a, b] : directed) {
        if (a >= n || b >= n)
            throw std::invalid_argument("weights: pair index out of range");
        lists[a].emplace_back(b, 1.0);
    }
    return from_lists(std::move(lists), WeightsStyle::binary, std::move(ids));
}

std::string Weights::id(std::size_t i) const
{
    return ids_.empty() ? std::to_string(i + 1) : ids_[i];
}

double Weights::row_sum(std::size_t i) const
{
    double s = 0.0;
    for (double v : weights(i))
        s += v;
    return s;
}

double Weights::weight(std::size_t i, std::size_t j) const
{
    auto nb = neighbours(i);
    auto it = std::lower_bound(nb.begin(), nb.end(), static_cast<std::uint32_t>(j));
    if (it == nb.end() || *it != j)
        return 0.0;
    return values_[offsets_[i] + static_cast<std::size_t>(it - nb.begin())];
}

double Weights::s0() const
{
    double s = 0.0;
    for (double v : values_)
        s += v;
    return s;
}

double Weights::s1() const
{
    // ½ΣΣ(w_ij + w_ji)²: every stored entry contributes (w_ij + w_ji)²; pairs stored in one
    // direction only are counted from that side twice (once for ij, once for the empty ji).
    double s = 0.0;
    for (std::size_t i = 0; i < size(); ++i) {
        auto nb = neighbours(i);
        auto wt = weights(i);
        for (std::size_t k = 0; k < nb.size(); ++k) {
            const double back = weight(nb[k], i);
            const double t = wt[k] + back;
            s += back == 0.0 ? 2.0 * t * t : t * t;
        }
    }
    return s / 2.0;
}

double Weights::s2() const
{
    std::vector<double> col(size(), 0.0);
    for (std::size_t i = 0; i < size(); ++i) {
        auto nb = neighbours(i);
        auto wt = weights(i);
        for (std::size_t k = 0; k < nb.size(); ++k)
            col[nb[k]] += wt[k];
    }
    double s = 0.0;
    for (std::size_t i = 0; i < size(); ++i) {
        const double t = row_sum(i) + col[i];
        s += t * t;
    }
    return s;
}

std::vector<std::size_t> Weights::islands() const
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < size(); ++i) {
        bool any = false;
        for (auto j : neighbours(i))
            any = any || j != i;
        if (!any)
            out.push_back(i);
    }
    return out;
}

bool Weights::has_self_weights() const
{
    for (std::size_t i = 0; i < size(); ++i)
        for (auto j : neighbours(i))
            if (j == i)
                return true;
    return false;
}

bool Weights::symmetric() const
{
    for (std::size_t i = 0; i < size(); ++i) {
        auto nb = neighbours(i);
        auto wt = weights(i);
        for (std::size_t k = 0; k < nb.size(); ++k)
            if (weight(nb[k], i) != wt[k])
                return false;
    }
    return true;
}

Weights Weights::row_standardised() const
{
    Weights w = *this;
    for (std::size_t i = 0; i < size(); ++i) {
        const double s = row_sum(i);
        if (s == 0.0)
            continue;
        for (std::size_t k = offsets_[i]; k < offsets_[i + 1]; ++k)
            w.values_[k] = values_[k] / s;
    }
    w.style_ = WeightsStyle::row;
    return w;
}

Weights Weights::binarised() const
{
    Weights w = *this;
    std::fill(w.values_.begin(), w.values_.end(), 1.0);
    w.style_ = WeightsStyle::binary;
    return w;
}

Weights Weights::with_self_weight(double value) const
{
    // Built directly in CSR (no per-row lists): this runs on a million units for Gi*.
    Weights w;
    w.ids_ = ids_;
    w.style_ = style_;
    w.offsets_.resize(size() + 1);
    w.indices_.reserve(indices_.size() + size());
    w.values_.reserve(indices_.size() + size());
    for (std::size_t i = 0; i < size(); ++i) {
        w.offsets_[i] = w.indices_.size();
        bool placed = false;
        for (std::size_t k = offsets_[i]; k < offsets_[i + 1]; ++k) {
            const auto j = indices_[k];
            if (j == i)
                continue;
            if (!placed && j > i) {
                w.indices_.push_back(static_cast<std::uint32_t>(i));
                w.values_.push_back(value);
                placed = true;
            }
            w.indices_.push_back(j);
            w.values_.push_back(values_[k]);
        }
        if (!placed) {
            w.indices_.push_back(static_cast<std::uint32_t>(i));
            w.values_.push_back(value);
        }
    }
    w.offsets_[size()] = w.indices_.size();
    return w;
}

Weights Weights::without_self_weights() const
{
    Weights w;
    w.ids_ = ids_;
    w.style_ = style_;
    w.offsets_.resize(size() + 1);
    w.indices_.reserve(indices_.size());
    w.values_.reserve(indices_.size());
    for (std::size_t i = 0; i < size(); ++i) {
        w.offsets_[i] = w.indices_.size();
        for (std::size_t k = offsets_[i]; k < offsets_[i + 1]; ++k)
            if (indices_[k] != i) {
                w.indices_.push_back(indices_[k]);
                w.values_.push_back(values_[k]);
            }
    }
    w.offsets_[size()] = w.indices_.size();
    return w;
}

}  // namespace trygg::spatial
