// SPDX-License-Identifier: MIT
#pragma once
// The columns of a count table (incident_counts and each reporting level's
// incident_counts_<level>): one writer, so a level's table says exactly what the finest one
// says — withheld '..', a group not in the source 'ej i källan', the population year.
#include <trygg/core/district_layer.hpp>
#include <trygg/io/feature_table.hpp>
#include <trygg/stats/aggregate.hpp>

namespace trygg::pipeline {

// Appends kod, namn, period, grupp, kon, aldersgrupp, antal, antal_visning, undertryckt,
// befolkning, per_1000, per_km2, forandring, forandring_pct, saknas_orsak and, when the
// population has years, befolkningsar; one row per published cell of `result` (the table is
// sparse: count_columns.cpp, published_row), districts of `layer`; appends
// sparse_rows_note to the table's description.
// The rows are generated from `result` while the table is written (io/row_source.hpp):
// `result` and `layer` must outlive the table (they live in the aggregate's artifact).
// The completeness rule, said in every count table's description (README: incident_counts).
inline constexpr const char* sparse_rows_note =
    ". Sparse: every total (kod 'totalt', or kon and aldersgrupp 'alla') is a row; any other "
    "district × period × group × sex × age band is a row only when its count is not 0, it is withheld "
    "or not in the source, it has a population or its change is not 0 — a missing row is a count of 0";

void write_count_columns(io::FeatureTable& table, const stats::AggregateResult& result,
                         const core::DistrictLayer& layer);

}  // namespace trygg::pipeline
