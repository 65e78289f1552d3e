// SPDX-License-Identifier: MIT
#pragma once
// A long table's rows produced on demand while the table is written, instead of held as
// columns. incident_counts is districts × periods × groups × sexes × age bands rows: at 50,000
// districts tens of millions, and as columns of strings ~400 bytes a row (issue 21: write.gpkg
// grew to 22 GB). A source reads the result it describes, which outlives the publication.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trygg::io {

enum class ColumnKind { integer, real, text };

struct ColumnSpec {
    std::string name;
    ColumnKind kind = ColumnKind::text;
};

// Receives one row's values, one call per column in the order of RowSource::columns().
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void null() = 0;
    virtual void integer(std::int64_t value) = 0;
    virtual void real(double value) = 0;  // not finite: written as null
    virtual void text(std::string_view value) = 0;
};

// Rows that repeat a few combinations of some of their columns: the 3.7M rejects of a
// 10M-point run name one source and a handful of outcomes, fields and reasons. A GeoPackage
// stores such a table as its rows with a code, a table of the combinations, and a view joining
// the two under the table's name (the same columns for a reader; issue 20: "reject rows stored
// compactly, with reason codes").
class CodedRows {
public:
    virtual ~CodedRows() = default;
    // Per column of RowSource::columns(): whether it belongs to the combination.
    virtual const std::vector<bool>& coded() const = 0;
    virtual std::size_t combination_count() const = 0;
    // The coded columns' values of combination k (0-based), in column order.
    virtual void combination(std::size_t k, RowSink& sink) const = 0;
    // Row r's combination, and its other columns' values in column order.
    virtual std::size_t combination_of(std::size_t r) const = 0;
    virtual void plain_row(std::size_t r, RowSink& sink) const = 0;
};

class RowSource {
public:
    virtual ~RowSource() = default;
    virtual const std::vector<ColumnSpec>& columns() const = 0;
    virtual std::size_t row_count() const = 0;
    // Rows are asked for in order 0..row_count()-1 when written; any order when materialised.
    virtual void row(std::size_t r, RowSink& sink) const = 0;
    // The same rows as combinations and codes, when the source has them (else null).
    virtual const CodedRows* coded_rows() const { return nullptr; }
};

}  // namespace trygg::io
