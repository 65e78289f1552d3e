// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/stats/period_coverage.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace trygg::stats {

namespace {

constexpr core::Minutes minutes_per_day = 24 * 60;

core::Minutes day_start(core::Minutes t) { return t - ((t % minutes_per_day) + minutes_per_day) % minutes_per_day; }

core::Minutes month_start(int year, int month0)
{
    year += month0 / 12;
    month0 %= 12;
    return core::days_from_civil(year, static_cast<unsigned>(month0 + 1), 1) * minutes_per_day;
}

// Strays at one end: `order` lists record positions from that end inwards, `gap(k)` is the
// gap between the k-th and (k+1)-th of them. Returns how many records at the end are strays.
template <class Gap>
std::size_t stray_count(std::size_t n, core::Minutes typical, Gap gap)
{
    constexpr core::Minutes min_gap = 30 * minutes_per_day;
    constexpr std::size_t inward = 10;
    const std::size_t max_group = std::clamp<std::size_t>(n / 100, 1, 10);
    std::size_t best = 0;
    for (std::size_t m = 1; m <= max_group && m + inward < n; ++m) {
        const core::Minutes g = gap(m - 1);  // between the m-th record from the end and the next inwards
        if (g < min_gap || g <= 50 * typical)
            continue;
        bool isolated = true;
        for (std::size_t k = m; k < m + inward; ++k)
            isolated = isolated && g > 10 * gap(k);
        if (isolated)
            best = m;
    }
    return best;
}

}  // namespace

TimeCoverage measure_coverage(const std::vector<core::Minutes>& times)
{
    TimeCoverage c;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < times.size(); ++i)
        if (times[i] != core::no_time)
            order.push_back(i);
    if (order.empty())
        return c;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
    const std::size_t n = order.size();
    auto at = [&](std::size_t k) { return times[order[k]]; };
    // Typical gap: the central 90 % of times spread over the records in it (robust to strays).
    const std::size_t lo = (n - 1) / 20, hi = (n - 1) - (n - 1) / 20;
    c.typical_gap = hi > lo ? (at(hi) - at(lo)) / static_cast<core::Minutes>(hi - lo) : 0;
    std::size_t head = 0, tail = 0;
    if (n >= 20) {
        tail = stray_count(n, c.typical_gap, [&](std::size_t k) { return at(n - 1 - k) - at(n - 2 - k); });
        head = stray_count(n, c.typical_gap, [&](std::size_t k) { return at(k + 1) - at(k); });
    }
    for (std::size_t k = 0; k < head; ++k)
        c.strays.push_back(order[k]);
    for (std::size_t k = n - tail; k < n; ++k)
        c.strays.push_back(order[k]);
    c.from = day_start(at(head));
    c.to = day_start(at(n - 1 - tail)) + minutes_per_day;
    return c;
}

TimeCoverage measure_coverage(const core::IncidentTable& t, const std::vector<std::size_t>& records)
{
    std::vector<core::Minutes> times;
    times.reserve(records.size());
    for (std::size_t i : records)
        times.push_back(t.time[i]);
    auto c = measure_coverage(times);
    for (auto& s : c.strays)
        s = records[s];
    return c;
}

TimeCoverage incident_coverage(const core::IncidentTable& t, core::Minutes declared_from, core::Minutes declared_to)
{
    if (declared_from != core::no_time) {
        TimeCoverage c;
        c.from = declared_from, c.to = declared_to, c.declared = true;
        return c;
    }
    if (!t.has_time)
        return {};
    std::vector<std::size_t> records;
    records.reserve(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.time[i] != core::no_time)
            records.push_back(i);
    return measure_coverage(t, records);
}

TimeCoverage declared_coverage(core::Minutes first_day, core::Minutes last_day)
{
    TimeCoverage c;
    c.from = day_start(first_day);
    c.to = day_start(last_day) + minutes_per_day;
    c.declared = true;
    return c;
}

bool period_bounds(const std::string& label, core::Minutes& begin, core::Minutes& end)
{
    int y = 0, k = 0;
    char tail = 0;
    if (label.size() == 4 && std::sscanf(label.c_str(), "%4d%c", &y, &tail) == 1) {
        begin = month_start(y, 0), end = month_start(y, 12);
        return true;
    }
    if (label.size() == 6 && label[4] == 'H' && std::sscanf(label.c_str(), "%4dH%1d", &y, &k) == 2 && k >= 1 && k <= 2) {
        begin = month_start(y, (k - 1) * 6), end = month_start(y, k * 6);
        return true;
    }
    if (label.size() == 6 && label[4] == 'Q' && std::sscanf(label.c_str(), "%4dQ%1d", &y, &k) == 2 && k >= 1 && k <= 4) {
        begin = month_start(y, (k - 1) * 3), end = month_start(y, k * 3);
        return true;
    }
    if (label.size() == 7 && label[4] == '-' && std::sscanf(label.c_str(), "%4d-%2d", &y, &k) == 2 && k >= 1 && k <= 12) {
        begin = month_start(y, k - 1), end = month_start(y, k);
        return true;
    }
    return false;
}

bool period_complete(const TimeCoverage& coverage, const std::string& label)
{
    core::Minutes begin = 0, end = 0;
    if (!coverage.known() || !period_bounds(label, begin, end))
        return true;
    core::Minutes tolerance = 0;
    if (!coverage.declared)
        tolerance = std::min(std::max(minutes_per_day, 5 * coverage.typical_gap), (end - begin) / 4);
    return begin >= coverage.from - tolerance && end <= coverage.to + tolerance;
}

std::vector<char> complete_periods(const TimeCoverage& coverage, const std::vector<std::string>& labels)
{
    std::vector<char> out;
    out.reserve(labels.size());
    for (const auto& l : labels)
        out.push_back(period_complete(coverage, l) ? 1 : 0);
    return out;
}

int latest_complete_period(const std::vector<std::string>& labels, const std::vector<char>& complete)
{
    for (std::size_t p = std::min(labels.size(), complete.size()); p-- > 0;)
        if (complete[p])
            return static_cast<int>(p);
    return labels.empty() ? -1 : static_cast<int>(labels.size()) - 1;
}

std::string day_text(core::Minutes t)
{
    int y;
    unsigned m, d, h, mi;
    core::civil_from_minutes(t, y, m, d, h, mi);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

std::string coverage_from_text(const TimeCoverage& coverage, bool months_only)
{
    const auto day = day_text(coverage.from);
    return months_only && !coverage.declared ? day.substr(0, 7) : day;
}

std::string coverage_to_text(const TimeCoverage& coverage, bool months_only)
{
    const auto day = day_text(coverage.to - 1);
    return months_only && !coverage.declared ? day.substr(0, 7) : day;
}

std::string coverage_text(const TimeCoverage& coverage, bool months_only)
{
    if (!coverage.known())
        return "";
    return coverage_from_text(coverage, months_only) + " \u2013 " + coverage_to_text(coverage, months_only);
}

}  // namespace trygg::stats
