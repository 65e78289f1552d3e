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
// population has years, befolkningsar; one row per cell of `result`, districts of `layer`.
// The rows are generated from `result` while the table is written (io/row_source.hpp):
// `result` and `layer` must outlive the table (they live in the aggregate's artifact).
void write_count_columns(io::FeatureTable& table, const stats::AggregateResult& result,
                         const core::DistrictLayer& layer);

}  // namespace trygg::pipeline
