// SPDX-License-Identifier: MIT
#include <trygg/pipeline/count_columns.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>

namespace trygg::pipeline {

namespace {

// The rows of a count table, read from the aggregate's cells while the table is written: a
// dense count table is districts × periods × groups × 4 sexes × age bands rows, which as
// columns of strings took ~400 bytes a row (issue 21).
// The completeness rule of a count table (issue 20): the table is sparse. A district ×
// period × group × sex × age band has a row when it is a total (kod 'totalt', or kon and
// aldersgrupp both 'alla': every district, period and group has one, so a map joins a row to
// every district) or when anything in it differs from an empty cell: a count other than 0, a
// withheld count ('..', undertryckt 1), a group not in the source ('ej i källan'), a
// population, or a change other than 0. A missing row is an empty cell: antal 0, not withheld,
// no population, per_km2 0 and change 0 (or none in the first period). A withheld cell is always
// a row, so the sparse table says nothing the dense one would not.
bool published_row(const stats::AggregateResult& res, const stats::AggregateCell& c)
{
    if (c.district < 0 || (c.sex == 0 && c.age == 0))
        return true;
    if (c.suppressed || std::llround(c.count) != 0 || stats::not_in_source(res, c))
        return true;
    if (!std::isnan(c.population))
        return true;
    return std::isfinite(c.change) && c.change != 0.0;
}

class CountRows final : public io::RowSource {
public:
    CountRows(const stats::AggregateResult& res, const core::DistrictLayer& layer) : res_(res), layer_(layer)
    {
        using io::ColumnKind;
        columns_ = {{"kod", ColumnKind::text},         {"namn", ColumnKind::text},
                    {"period", ColumnKind::text},      {"grupp", ColumnKind::text},
                    {"kon", ColumnKind::text},         {"aldersgrupp", ColumnKind::text},
                    {"antal", ColumnKind::integer},    {"antal_visning", ColumnKind::text},
                    {"undertryckt", ColumnKind::integer}, {"befolkning", ColumnKind::real},
                    {"per_1000", ColumnKind::real},    {"per_km2", ColumnKind::real},
                    {"forandring", ColumnKind::real},  {"forandring_pct", ColumnKind::real},
                    {"saknas_orsak", ColumnKind::text}};
        // The year whose population each row's rates use; only when the population has years
        // (without, one table serves every period and the column is left out).
        with_year_ = !res.population_year_of_period.empty() && res.population_year_of_period.front() != 0;
        if (with_year_)
            columns_.push_back({"befolkningsar", ColumnKind::integer});
        for (std::size_t i = 0; i < res.cells.size(); ++i)
            if (published_row(res_, res.cells[i]))
                rows_.push_back(static_cast<std::uint32_t>(i));
    }

    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return rows_.size(); }

    void row(std::size_t r, io::RowSink& out) const override
    {
        const auto& c = res_.cells[rows_[r]];
        const bool total = c.district < 0;
        out.text(total ? std::string_view("totalt") : std::string_view(layer_.codes[static_cast<std::size_t>(c.district)]));
        out.text(total ? std::string_view("Hela området")
                       : std::string_view(layer_.names[static_cast<std::size_t>(c.district)]));
        out.text(res_.periods[c.period]);
        out.text(res_.groups[c.group]);
        out.text(res_.sex_labels[c.sex]);
        out.text(res_.age_labels[c.age]);
        // A group the source does not cover is missing: not 0, and not withheld (issue 15).
        const bool missing = stats::not_in_source(res_, c);
        const long long count = std::llround(c.count);
        if (c.suppressed || missing)
            out.null();
        else
            out.integer(count);
        if (c.suppressed)
            out.text("..");
        else if (missing)
            out.text(stats::not_in_source_text);
        else
            out.text(std::to_string(count));
        out.integer(c.suppressed ? 1 : 0);
        out.real(c.population);
        out.real(c.rate_per_1000);
        out.real(c.rate_per_km2);
        out.real(c.change);
        out.real(c.change_pct);
        if (missing)
            out.text(stats::not_in_source_text);
        else
            out.null();
        if (with_year_)
            out.integer(res_.population_year_of_period[c.period]);
    }

private:
    const stats::AggregateResult& res_;
    const core::DistrictLayer& layer_;
    std::vector<io::ColumnSpec> columns_;
    bool with_year_ = false;
    std::vector<std::uint32_t> rows_;  // the cells published as rows (published_row)
};

}  // namespace

void write_count_columns(io::FeatureTable& t, const stats::AggregateResult& res, const core::DistrictLayer& layer)
{
    t.set_row_source(std::make_shared<CountRows>(res, layer));
    t.description += sparse_rows_note;
}

}  // namespace trygg::pipeline
