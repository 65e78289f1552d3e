#include <trygg/pipeline/reject_summary.hpp>
#include <trygg/stats/total_suppression.hpp>

#include <algorithm>
#include <map>
#include <numeric>

namespace trygg::pipeline {

const std::vector<std::string>& reject_categories(std::string_view bucket)
{
    // Set where the Reject is made: io/incident_row_decoder.cpp, read_incidents.cpp, assign.cpp, geocode.cpp.
    static const std::vector<std::string> rejected{
        "malformed row",        "empty date",          "not a date",       "impossible date",
        "year out of range",    "not a time",          "impossible time",  "not a UTC offset",
        "impossible UTC offset", "unexpected text after the time", "unreadable date",
        "coordinate not a number", "longitude/latitude out of range", "coordinates cannot be transformed"};
    static const std::vector<std::string> not_located{
        "not geocoded: no match", "not geocoded: ambiguous", "not geocoded: match less precise than min_match",
        "not geocoded", "only an address (not geocoded)", "no location"};
    static const std::vector<std::string> outside{"outside the study period", "located outside every district",
                                                  "area code is no district code"};
    static const std::vector<std::string> none;
    return bucket == "rejected" ? rejected : bucket == "not_located" ? not_located : bucket == "outside" ? outside : none;
}

std::vector<RejectSummaryRow> summarise_rejects(const core::RejectList& rejects, int suppress_below)
{
    static const char* const buckets[] = {"rejected", "not_located", "outside"};
    std::map<std::string, std::map<std::string, std::uint64_t>> counts;
    for (const auto& r : rejects)
        ++counts[r.bucket][r.category.empty() ? "other" : r.category];
    std::vector<RejectSummaryRow> out;
    for (const char* bucket : buckets) {
        const auto it = counts.find(bucket);
        if (it == counts.end())
            continue;
        const std::size_t first = out.size();
        for (const auto& [category, n] : it->second)
            out.push_back({bucket, category, n, false});
        std::vector<double> values;
        for (std::size_t i = first; i < out.size(); ++i)
            values.push_back(static_cast<double>(out[i].count));
        std::vector<std::size_t> cells(values.size());
        std::iota(cells.begin(), cells.end(), std::size_t{0});
        const auto hidden = stats::withhold_with_total(values, cells, suppress_below);
        std::size_t withheld = 0;
        for (std::size_t k = 0; k < hidden.size(); ++k) {
            out[first + k].withheld = hidden[k] != 0;
            withheld += hidden[k] != 0;
        }
        if (withheld != 1)
            continue;
        // The bucket's only withheld count equals its published total minus nothing: list a
        // category that did not occur, withheld too, so the reason stays open.
        for (const auto& category : reject_categories(bucket))
            if (!it->second.count(category)) {
                out.push_back({bucket, category, 0, true});
                std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                          [](const RejectSummaryRow& a, const RejectSummaryRow& b) { return a.category < b.category; });
                break;
            }
    }
    return out;
}

}  // namespace trygg::pipeline
