// SPDX-License-Identifier: MIT
#pragma once
// Distance-based weights between points (district centroids, grid cell centres):
// distance band, k nearest neighbours and inverse distance.
#include <trygg/core/geometry.hpp>
#include <trygg/spatial/weights.hpp>

#include <limits>
#include <string>
#include <vector>

namespace trygg::spatial {

// Area-weighted centroid of each multipolygon (holes subtracted); the vertex mean when the
// area is zero.
std::vector<core::Point> centroids(const std::vector<core::MultiPolygon>& polygons);

// Binary weights: j != i is a neighbour of i when d(i, j) <= threshold (the band is inclusive).
Weights distance_band_weights(const std::vector<core::Point>& points, double threshold,
                              std::vector<std::string> ids = {});

// Binary weights to the k nearest other points; ties at the k-th distance go to the lower
// index, so the result does not depend on the search structure. Not symmetric in general.
Weights knn_weights(const std::vector<core::Point>& points, std::size_t k, std::vector<std::string> ids = {});

// w_ij = 1 / d^power for 0 < d <= threshold (infinity: every pair). Two distinct units at
// the same location are an error (the weight would be infinite).
Weights inverse_distance_weights(const std::vector<core::Point>& points, double power,
                                 double threshold = std::numeric_limits<double>::infinity(),
                                 std::vector<std::string> ids = {});

}  // namespace trygg::spatial
