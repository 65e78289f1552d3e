// SPDX-License-Identifier: MIT
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
        "coordinate not a number", "longitude/latitude out of range", "coordinates cannot be transformed", "duplicate"};
    static const std::vector<std::string> not_located{"not geocoded", "only an address (not geocoded)", "no location"};
    static const std::vector<std::string> outside{"outside the study period", "located outside every district",
                                                  "area code is no district code"};
    static const std::vector<std::string> none;
    return bucket == "rejected" ? rejected : bucket == "not_located" ? not_located : bucket == "outside" ? outside : none;
}

namespace {
const std::string geocoded = "not geocoded";

// Every geocoding outcome is one published category (see the header).
std::string_view published_category(std::string_view category)
{
    return category.starts_with(geocoded) ? std::string_view(geocoded) : category;
}
}  // namespace

std::vector<RejectSummaryRow> summarise_rejects(const core::RejectList& rejects, int suppress_below)
{
    static const char* const buckets[] = {"rejected", "not_located", "outside"};
    // Looked up by the rejects' own texts: no string is made per reject (millions at 10M points).
    std::map<std::string, std::map<std::string, std::uint64_t, std::less<>>, std::less<>> counts;
    // Rejects come in runs of one kind (millions outside at 10M points): the last one's counter
    // is reused while the texts are the same objects in the list's text table.
    std::string_view last_bucket, last_category;
    std::uint64_t* last = nullptr;
    const auto same = [](std::string_view a, std::string_view b) { return a.data() == b.data() && a.size() == b.size(); };
    for (const auto& r : rejects) {
        if (last && same(r.bucket, last_bucket) && same(r.category, last_category)) {
            ++*last;
            continue;
        }
        auto b = counts.find(r.bucket);
        if (b == counts.end())
            b = counts.emplace(std::string(r.bucket), std::map<std::string, std::uint64_t, std::less<>>()).first;
        const std::string_view category = r.category.empty() ? std::string_view("other") : published_category(r.category);
        auto c = b->second.find(category);
        if (c == b->second.end())
            c = b->second.emplace(std::string(category), 0).first;
        ++c->second;
        last = &c->second, last_bucket = r.bucket, last_category = r.category;
    }
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
        // Two lines with a known total: the whole bucket (the manifest's accounting), and the
        // bucket without "not geocoded" (whose count the geocoding totals give).
        std::vector<std::size_t> all(values.size()), own;
        std::iota(all.begin(), all.end(), std::size_t{0});
        for (std::size_t k = 0; k < values.size(); ++k)
            if (out[first + k].category != geocoded)
                own.push_back(k);
        // Partners come from the bucket without "not geocoded" first, so that count (which the
        // geocoding totals give anyway) is published where it can be.
        std::vector<char> hidden = stats::withhold_with_total(values, own, suppress_below);
        for (std::size_t k = 0; k < values.size(); ++k)
            if (values[k] >= 1 && values[k] < suppress_below)
                hidden[k] = 1;
        // A line whose withheld counts are one alone still gives it away: add the line's
        // smallest published positive count, else a category of it that did not occur
        // (withheld; it belongs to both lines).
        std::size_t added = 0;
        for (const auto* line : {&own, &all}) {
            std::size_t withheld = added, partner = values.size();
            for (auto k : *line) {
                withheld += hidden[k] != 0;
                if (!hidden[k] && values[k] >= 1 && (partner == values.size() || values[k] < values[partner]))
                    partner = k;
            }
            if (withheld != 1)
                continue;
            if (partner != values.size()) {
                hidden[partner] = 1;
                continue;
            }
            for (const auto& category : reject_categories(bucket))
                if (category != geocoded && !it->second.count(category)) {
                    out.push_back({bucket, category, 0, true});
                    ++added;
                    break;
                }
        }
        for (std::size_t k = 0; k < values.size(); ++k)
            out[first + k].withheld = hidden[k] != 0;
        std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                  [](const RejectSummaryRow& a, const RejectSummaryRow& b) { return a.category < b.category; });
    }
    return out;
}

}  // namespace trygg::pipeline
