// SPDX-License-Identifier: MIT
#pragma once
// Coordinate transformation between two CRSs with PROJ. Axis order is normalised so that
// x is always east/longitude and y north/latitude, whatever the CRS definition says.
#include <memory>
#include <string>

namespace trygg::crs {

class Transformer {
public:
    // `from`/`to`: anything PROJ accepts ("EPSG:3006", WKT, PROJ strings). Throws
    // core::InputError naming the CRS when it cannot be understood.
    Transformer(const std::string& from, const std::string& to);
    ~Transformer();
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;

    bool is_identity() const;
    // In place; points that cannot be transformed become NaN. Not thread-safe: use one
    // Transformer per thread (each owns its PROJ context).
    void transform(double* x, double* y, std::size_t n) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// True when the CRS is geographic (degrees), e.g. EPSG:4326.
bool is_geographic(const std::string& crs);
// A short human name for messages ("SWEREF99 TM"); the input itself if unknown.
std::string crs_name(const std::string& crs);

}  // namespace trygg::crs
