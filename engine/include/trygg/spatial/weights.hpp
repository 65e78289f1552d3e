// SPDX-License-Identifier: MIT
#pragma once
// Spatial weights as an immutable CSR matrix: row i lists unit i's neighbours j (sorted by j)
// with weight w_ij. A self weight (j == i) is an ordinary entry, used by Gi*.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace trygg::spatial {

// How the weights were scaled: "binary" (as built), "row" (each row sums to 1) or "custom"
// (inverse distance, read from a GWT file).
enum class WeightsStyle { binary, row, custom };
std::string to_string(WeightsStyle s);

using NeighbourList = std::vector<std::pair<std::uint32_t, double>>;

class Weights {
public:
    Weights() : offsets_{0} {}
    // One list per unit; entries are sorted by neighbour index. Throws std::invalid_argument
    // for an index out of range or a duplicate neighbour.
    static Weights from_lists(std::vector<NeighbourList> lists, WeightsStyle style,
                              std::vector<std::string> ids = {});
    // Binary symmetric weights from unordered pairs {i, j}, i != j (duplicates allowed).
    static Weights from_pairs(std::size_t n, std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs,
                              std::vector<std::string> ids = {});

    std::size_t size() const { return offsets_.size() - 1; }
    std::span<const std::uint32_t> neighbours(std::size_t i) const
    {
        return {indices_.data() + offsets_[i], indices_.data() + offsets_[i + 1]};
    }
    std::span<const double> weights(std::size_t i) const
    {
        return {values_.data() + offsets_[i], values_.data() + offsets_[i + 1]};
    }
    std::size_t cardinality(std::size_t i) const { return offsets_[i + 1] - offsets_[i]; }
    // Number of non-zero entries (a symmetric contiguity counts each shared border twice).
    std::size_t links() const { return indices_.size(); }
    WeightsStyle style() const { return style_; }
    const std::vector<std::string>& ids() const { return ids_; }
    // The id of unit i: ids()[i] when set, else its 1-based record number.
    std::string id(std::size_t i) const;

    double row_sum(std::size_t i) const;
    // Weight w_ij (0 when j is not a neighbour of i).
    double weight(std::size_t i, std::size_t j) const;
    // Moments used by the global statistics: S0 = ΣΣ w_ij, S1 = ½ΣΣ(w_ij + w_ji)²,
    // S2 = Σ_i (Σ_j w_ij + Σ_j w_ji)².
    double s0() const;
    double s1() const;
    double s2() const;

    // Units with no neighbour other than themselves.
    std::vector<std::size_t> islands() const;
    bool has_self_weights() const;
    bool symmetric() const;

    // Each row divided by its sum (islands keep an empty row).
    Weights row_standardised() const;
    // Every weight set to 1.
    Weights binarised() const;
    // Adds (or replaces) w_ii = value for every unit: the Gi* neighbourhood.
    Weights with_self_weight(double value = 1.0) const;
    Weights without_self_weights() const;

    const std::vector<std::size_t>& offsets() const { return offsets_; }
    const std::vector<std::uint32_t>& indices() const { return indices_; }
    const std::vector<double>& values() const { return values_; }

private:
    std::vector<std::size_t> offsets_;
    std::vector<std::uint32_t> indices_;
    std::vector<double> values_;
    std::vector<std::string> ids_;
    WeightsStyle style_ = WeightsStyle::binary;
};

}  // namespace trygg::spatial
