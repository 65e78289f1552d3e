// SPDX-License-Identifier: MIT
#pragma once
// Regular cell grids over a study area: squares aligned to SCB's national grid in SWEREF 99 TM
// (EPSG:3006) and flat-topped hexagons. A grid is a cols × rows lattice of which only the cells
// that intersect the study area are "in" (mask); statistics run on the in-cells only.
//
// SCB convention (documented in docs/grids.md): SCB's statistical squares (Statistik på rutor,
// SWEREF99 TM, 1 km and 250 m) have corners on multiples of the cell size counted from the
// CRS origin (0, 0), i.e. a 1 km cell spans [E, E+1000) × [N, N+1000) with E, N multiples of
// 1000. The cell id ("rutid") is the lower-left (south-west) corner written as easting
// (6 digits) followed by northing (7 digits), e.g. the 1 km cell containing (587 412, 6 612 345)
// is "5870006612000" and the 250 m cell is "5872506612250". A point on a cell edge belongs to
// the cell to its north/east (half-open cells), so every point is in exactly one cell.
#include <trygg/core/geometry.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace trygg::core {
class CancelToken;
}

namespace trygg::spatial {

enum class CellShape { square, hexagon };

CellShape parse_cell_shape(const std::string& name);  // "square" | "hexagon"

struct GridSpec {
    CellShape shape = CellShape::square;
    // Squares: side. Hexagons: distance between the centres of adjacent cells (flat-to-flat).
    double cell_size = 250.0;
    // Lattice origin; squares have corners at origin + k·cell_size (SCB: 0, 0).
    double origin_x = 0.0;
    double origin_y = 0.0;
    // SCB-style ids need SWEREF 99 TM coordinates; false for any other CRS.
    bool scb_ids = true;
};

// The SCB-style id of a square cell from its lower-left corner (metres, SWEREF 99 TM).
std::string scb_cell_id(double lower_left_x, double lower_left_y);

class Grid {
public:
    // Cells whose interior intersects `area` (a cell touching it only along an edge is out).
    // A fine grid over a large area takes seconds: `cancel` is checked between chunks of rows
    // and of boundary edges (throws core::Cancelled).
    static Grid over(const GridSpec& spec, const core::MultiPolygon& area,
                     const core::CancelToken* cancel = nullptr);
    // Every cell of the lattice covering `box` (no mask); for tests and benchmarks.
    static Grid over_box(const GridSpec& spec, const core::Box& box);

    const GridSpec& spec() const { return spec_; }
    std::int64_t cols() const { return cols_; }
    std::int64_t rows() const { return rows_; }
    std::size_t lattice_size() const { return static_cast<std::size_t>(cols_ * rows_); }
    // Row-major lattice index: row 0 is the southernmost row, col 0 the westernmost column.
    std::size_t index(std::int64_t col, std::int64_t row) const
    {
        return static_cast<std::size_t>(row * cols_ + col);
    }
    bool in_area(std::size_t lattice_index) const { return mask_[lattice_index] != 0; }
    const std::vector<std::uint8_t>& mask() const { return mask_; }
    std::size_t cell_count() const { return cells_.size(); }
    // Lattice indices of the in-cells, ascending.
    const std::vector<std::size_t>& cells() const { return cells_; }

    core::Point centre(std::int64_t col, std::int64_t row) const;
    core::Point centre(std::size_t lattice_index) const;
    // Lattice index of the cell containing p, or -1 when p is outside the lattice or the mask.
    std::int64_t locate(const core::Point& p) const;
    core::Polygon polygon(std::size_t lattice_index) const;
    // "5870006612000" for squares aligned to multiples of their size from (0,0), sized a whole
    // number of metres, with scb_ids; otherwise "<size>m_E<x>_N<y>" (lower-left) or
    // "hex<size>_c<col>_r<row>".
    std::string cell_id(std::size_t lattice_index) const;
    double cell_area() const;  // m²

    // Column/row of the lattice cell containing p (may lie outside 0..cols-1 / 0..rows-1).
    void lattice_position(const core::Point& p, std::int64_t& col, std::int64_t& row) const;

private:
    GridSpec spec_;
    std::int64_t col0_ = 0, row0_ = 0;  // absolute lattice coordinates of col 0 / row 0
    std::int64_t cols_ = 0, rows_ = 0;
    std::vector<std::uint8_t> mask_;
    std::vector<std::size_t> cells_;

    void init_lattice(const core::Box& box);
    void finish_mask();
};

// Counts of points per in-cell (lattice-sized vector; cells outside the mask stay 0). Points
// outside the mask are counted in `outside` when given.
std::vector<double> count_points(const Grid& grid, const std::vector<double>& x, const std::vector<double>& y,
                                 const std::vector<double>* weights = nullptr, std::size_t* outside = nullptr);

}  // namespace trygg::spatial
