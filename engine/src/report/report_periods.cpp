// SPDX-License-Identifier: MIT
// The periods of the report from the published `perioder` table: every period, the complete
// ones, the latest, and the two the latest is compared with.
#include "published_table.hpp"
#include "report_parts.hpp"

#include <trygg/core/error.hpp>

#include <algorithm>
#include <cctype>

namespace trygg::report {

namespace {

// The same period one year earlier: the label with its leading year minus one ("2025H2" ->
// "2024H2", "2025Q1" -> "2024Q1", "2025-03" -> "2024-03"); none for a bare year.
std::optional<std::string> one_year_earlier(const std::string& label)
{
    if (label.size() <= 4 || !std::all_of(label.begin(), label.begin() + 4, [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return std::to_string(std::stoi(label.substr(0, 4)) - 1) + label.substr(4);
}

std::string period_length(const nlohmann::json& manifest)
{
    if (manifest.contains("stages"))
        for (const auto& s : manifest["stages"])
            if (s.value("type", "") == "aggregate" && s.contains("options") && s["options"].contains("period") &&
                s["options"]["period"].is_string()) {
                const auto p = s["options"]["period"].get<std::string>();
                return p == "halfyear" || p == "halvår" ? "half-year" : p;
            }
    return "half-year";
}

}  // namespace

ReportPeriods read_periods(const pipeline::Publication& publication, const nlohmann::json& manifest)
{
    const auto* t = published_table_family(publication, "perioder");
    if (!t)
        throw core::DataError("the publication has no 'perioder' table (an aggregate among write.gpkg's inputs)");
    const Col period(t, "period"), complete(t, "fullstandig"), latest(t, "senaste"), from(t, "data_fran"),
        to(t, "data_till"), range(t, "data_omfang");
    ReportPeriods out;
    std::vector<std::string> complete_periods;
    for (std::size_t r = 0; r < t->row_count(); ++r) {
        const auto p = period.text(r).value_or("");
        out.all.push_back(p);
        if (complete.integer(r).value_or(0) != 0)
            complete_periods.push_back(p);
        if (latest.integer(r).value_or(0) != 0)
            out.latest = p;
    }
    const auto length = period_length(manifest);
    if (out.latest) {
        const auto it = std::find(complete_periods.begin(), complete_periods.end(), *out.latest);
        if (it != complete_periods.end() && it != complete_periods.begin())
            out.previous = *(it - 1);
        if (length != "year")
            if (auto y = one_year_earlier(*out.latest);
                y && std::find(complete_periods.begin(), complete_periods.end(), *y) != complete_periods.end())
                out.year_before = *y;
    }
    auto opt = [](const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); };
    out.json = {{"length", length},
                {"all", out.all},
                {"complete", complete_periods},
                {"latest", opt(out.latest)},
                {"previous", opt(out.previous)},
                {"year_before", opt(out.year_before)},
                {"data_from", t->row_count() ? from.json(0) : nlohmann::json(nullptr)},
                {"data_to", t->row_count() ? to.json(0) : nlohmann::json(nullptr)},
                {"coverage", t->row_count() ? range.json(0) : nlohmann::json(nullptr)}};
    return out;
}

}  // namespace trygg::report
