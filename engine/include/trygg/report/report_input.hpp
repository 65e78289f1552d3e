// SPDX-License-Identifier: MIT
#pragma once
// The report input (docs/report-input.md, "trygg-report-input" version 1): one JSON document
// per report, built only from the published tables and manifest of a publication (what the
// GeoPackage holds after disclosure control), so a report never shows more than the tables.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace trygg::pipeline {
class Publication;
}

namespace trygg::report {

struct ReportRequest {
    std::string language = "sv";            // "sv" | "en"
    std::optional<std::string> title;       // null: the renderer's default title
    std::string area_name;                  // the whole area's name
    std::string per;                        // a levels tag: one report per unit ("" : one report)
    std::optional<long long> source_date_epoch;  // SOURCE_DATE_EPOCH, recorded instead of a clock
};

struct ReportDocument {
    std::string kod;      // the unit's code (batch), "" for the whole area
    nlohmann::json input;
};

// Throws core::PipelineError when `per` names no published level, core::DataError when the
// publication holds no incident counts.
std::vector<ReportDocument> build_report_inputs(const pipeline::Publication& publication,
                                                const ReportRequest& request);

}  // namespace trygg::report
