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

class RowSource {
public:
    virtual ~RowSource() = default;
    virtual const std::vector<ColumnSpec>& columns() const = 0;
    virtual std::size_t row_count() const = 0;
    // Rows are asked for in order 0..row_count()-1 when written; any order when materialised.
    virtual void row(std::size_t r, RowSink& sink) const = 0;
};

}  // namespace trygg::io
