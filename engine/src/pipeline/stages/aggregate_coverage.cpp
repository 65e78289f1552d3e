// SPDX-License-Identifier: MIT
#include "aggregate_coverage.hpp"

#include <trygg/core/datetime.hpp>
#include <trygg/core/warning_code.hpp>
#include <trygg/pipeline/published_count.hpp>

namespace trygg::pipeline {

namespace {

std::string joined(const std::vector<std::string>& parts)
{
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

}  // namespace

void parse_covered_option(const OptionReader& r, core::Minutes& from, core::Minutes& to)
{
    from = to = core::no_time;
    const auto& c = r.json("covered");
    if (c.is_null() || (c.is_object() && c.empty()))
        return;
    const char* usage = "\"covered\" takes {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"} (both days included)";
    if (!c.is_object() || c.size() != 2 || !c.contains("from") || !c.contains("to") || !c["from"].is_string() ||
        !c["to"].is_string())
        r.fail(usage);
    core::Minutes day[2];
    int k = 0;
    for (const char* key : {"from", "to"}) {
        std::string why;
        const auto text = c[key].get<std::string>();
        const auto t = core::parse_datetime(text, &why);
        if (!t || t->has_clock)
            r.fail(std::string(usage) + "; \"" + key + "\" is '" + text + "'" + (why.empty() ? "" : " (" + why + ")"));
        day[k++] = t->minutes;
    }
    if (day[1] < day[0])
        r.fail("\"covered\": \"to\" is before \"from\"");
    const auto range = stats::declared_coverage(day[0], day[1]);
    from = range.from, to = range.to;
}

std::string stray_name(std::uint64_t row, std::string_view id, core::Minutes time)
{
    return "row " + std::to_string(row) + (id.empty() ? "" : " (id " + std::string(id) + ")") + " on " +
           stats::day_text(time);
}

CoverageRecords coverage_records(const core::IncidentTable& incidents, const stats::TimeCoverage& cov)
{
    CoverageRecords out;
    out.source = incidents.source;
    if (cov.declared)
        for (std::size_t i = 0; i < incidents.size(); ++i)
            out.outside_declared +=
                incidents.time[i] != core::no_time && (incidents.time[i] < cov.from || incidents.time[i] >= cov.to);
    out.name = [&incidents](std::size_t i) {
        return stray_name(incidents.source_row[i], incidents.id_view(i), incidents.time[i]);
    };
    return out;
}

void report_coverage(const StageContext& ctx, const stats::AggregateResult& r, const CoverageRecords& records)
{
    const auto& cov = r.coverage;
    if (!cov.known() || r.periods.empty())
        return;
    const std::string range = stats::coverage_text(cov);
    // A published message gives a measured range in months: its ends are single records' dates.
    const std::string published_range = stats::coverage_text(cov, ctx.settings().privacy != Privacy::internal);
    // ... and a small count as "fewer than 5", like the withheld cell it could give away.
    const int threshold = r.options.suppress_below > 1 ? r.options.suppress_below : 5;
    if (cov.declared) {
        const std::size_t outside = records.outside_declared;
        if (outside)
            ctx.warn(core::coded_warning(std::to_string(outside) + " incidents of '" + records.source +
                                             "' lie outside the declared coverage " + range +
                                             "; they are counted, in incomplete periods",
                                         {"outside_declared_coverage",
                                          {{"count", std::to_string(outside)}, {"range", range},
                                           {"file", records.source}}}),
                     published_count(outside, threshold) + " incidents lie outside the declared coverage " + range +
                         "; they are counted, in incomplete periods");
    }
    if (!cov.strays.empty()) {
        // By name in the internal log: the analyst must find and check these rows.
        std::string named;
        std::size_t shown = 0;
        for (std::size_t i : cov.strays) {
            if (shown++ == 10) {
                named += ", …";
                break;
            }
            named += (named.empty() ? "" : ", ") + records.name(i);
        }
        const std::string n = std::to_string(cov.strays.size());
        const std::string what = cov.strays.size() == 1 ? " record lies" : " records lie";
        ctx.warn(core::coded_warning(n + what + " far outside the rest of '" + records.source + "' (" + named +
                                         "); left out of the measured coverage " + range +
                                         " and counted in their own periods, which are incomplete; check their dates",
                                     {"stray_records", {{"count", n}, {"range", range}, {"file", records.source}}}),
                 published_count(cov.strays.size(), threshold) + " records lie far outside the rest of the incident data; left out of the measured coverage and "
                             "counted in their own periods, which are incomplete");
    }
    std::vector<std::string> incomplete;
    for (std::size_t p = 0; p < r.periods.size(); ++p)
        if (!r.period_complete[p])
            incomplete.push_back(r.periods[p]);
    const int latest = r.period_index("latest");
    const std::string latest_label = r.periods[static_cast<std::size_t>(latest)];
    if (incomplete.size() == r.periods.size()) {
        const auto say = [&](const std::string& in) {
            return "no period is fully covered by the data (" + in + "); \"latest\" is the last period, " +
                   latest_label + ", which is incomplete";
        };
        ctx.warn(core::coded_warning(say(range), {"no_period_complete", {{"range", range}, {"latest", latest_label}}}),
                 say(published_range));
    } else if (!r.period_complete.back()) {
        const auto say = [&](const std::string& in) {
            return "periods not fully covered by the data (" + in + "): " + joined(incomplete) +
                   "; they stay in the tables, flagged incomplete, and \"latest\" is " + latest_label;
        };
        ctx.warn(core::coded_warning(say(range), {"periods_incomplete",
                                                  {{"range", range}, {"periods", joined(incomplete)},
                                                   {"latest", latest_label}}}),
                 say(published_range));
    } else if (!incomplete.empty()) {
        ctx.info("periods not fully covered by the data (" + published_range + "): " + joined(incomplete) +
                 " (flagged incomplete); \"latest\" is " + latest_label);
    }
}

}  // namespace trygg::pipeline
