// SPDX-License-Identifier: MIT
#include <trygg/pipeline/count_columns.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <cmath>
#include <memory>
#include <optional>

namespace trygg::pipeline {

namespace {

// The rows of a count table, read from the aggregate's cells while the table is written: a
// dense count table is districts × periods × groups × 4 sexes × age bands rows, which as
// columns of strings took ~400 bytes a row (issue 21).
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
    }

    const std::vector<io::ColumnSpec>& columns() const override { return columns_; }
    std::size_t row_count() const override { return res_.cells.size(); }

    void row(std::size_t r, io::RowSink& out) const override
    {
        const auto& c = res_.cells[r];
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
};

}  // namespace

void write_count_columns(io::FeatureTable& t, const stats::AggregateResult& res, const core::DistrictLayer& layer)
{
    t.set_row_source(std::make_shared<CountRows>(res, layer));
}

}  // namespace trygg::pipeline
