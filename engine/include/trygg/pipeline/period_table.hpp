// SPDX-License-Identifier: MIT
#pragma once
// The published account of an aggregate's period coverage: the "perioder" table (each
// period's dates, whether the data cover it wholly, which one is "latest"), the manifest's
// "coverage" section, and the covered range in every table's description.
#include <trygg/io/feature_table.hpp>
#include <trygg/stats/aggregate.hpp>

namespace trygg::pipeline {

class Contribution;
class Publication;

// Table "perioder" (another aggregate stage: "perioder_<tag>") and manifest "coverage"[tag].
// `months_only` (privacy publications): a measured range's ends as months, since they are
// the dates of the first and last record.
void publish_period_coverage(Contribution& out, const stats::AggregateResult& result, bool months_only);

// The rows of a periods table (period, fullstandig, senaste, data_fran, data_till,
// data_omfang) for `result`'s periods; shared by "perioder" and a longer length's "perioder_<suffix>".
void fill_period_rows(io::FeatureTable& table, const stats::AggregateResult& result, bool months_only);

// Appends " Data: 2017-07-18 – 2024-03-28." to every table's description when the aggregates
// of the publication agree on one covered range (the manifest's "coverage" section).
void note_coverage_in_descriptions(Publication& publication);

}  // namespace trygg::pipeline
