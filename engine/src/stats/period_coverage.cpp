// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/stats/period_coverage.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <numeric>
#include <vector>

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

namespace {

// A record's time and the index reported for it (the stable order: by time, then index).
struct Timed {
    core::Minutes time;
    std::size_t index;
    bool operator<(const Timed& o) const { return time < o.time || (time == o.time && index < o.index); }
};

// The records a measurement reads: at most this many from each end (stray_count looks at the
// 10 + 10 outermost gaps) and two order statistics.
constexpr std::size_t end_records = 22;

// The value of rank k (0-based, ascending) among the visited times, by repeated histograms
// over a shrinking range: no copy of the times (a sort of 10M indexes cost 300 MB), at most
// four passes for any int64 range (each narrows the range 65,536-fold).
template <class Visit>
core::Minutes time_of_rank(const Visit& visit, std::size_t k, core::Minutes lo, core::Minutes hi)
{
    constexpr int bits = 16;
    std::vector<std::size_t> histogram(std::size_t{1} << bits);
    while (lo != hi) {
        const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        int shift = 0;
        while ((span >> shift) >> bits)
            ++shift;
        std::fill(histogram.begin(), histogram.end(), 0);
        visit([&](core::Minutes t, std::size_t) {
            if (t >= lo && t <= hi)
                ++histogram[(static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(lo)) >> shift];
        });
        std::size_t b = 0;
        while (k >= histogram[b])
            k -= histogram[b++];
        const auto bucket_lo = static_cast<std::uint64_t>(lo) + (std::uint64_t{b} << shift);
        const auto bucket_hi = bucket_lo + ((std::uint64_t{1} << shift) - 1);
        lo = static_cast<core::Minutes>(bucket_lo);
        hi = std::min(hi, static_cast<core::Minutes>(bucket_hi));
    }
    return lo;
}

// The coverage of the times `visit` gives (visit(f) calls f(time, index) for each record with
// a time). Reads only the end records and two order statistics: the same result as sorting
// all records stably by time, without the sort.
template <class Visit>
TimeCoverage measure(const Visit& visit)
{
    TimeCoverage c;
    // The first and last `end_records` in the stable order, kept as heaps while scanning.
    std::vector<Timed> first, last;  // first: max-heap (its top leaves first); last: min-heap
    std::size_t n = 0;
    core::Minutes min_time = 0, max_time = 0;
    auto later = [](const Timed& a, const Timed& b) { return b < a; };
    visit([&](core::Minutes t, std::size_t i) {
        const Timed r{t, i};
        min_time = n == 0 || t < min_time ? t : min_time;
        max_time = n == 0 || t > max_time ? t : max_time;
        ++n;
        if (first.size() < end_records) {
            first.push_back(r), std::push_heap(first.begin(), first.end());
        } else if (r < first.front()) {
            std::pop_heap(first.begin(), first.end()), first.back() = r, std::push_heap(first.begin(), first.end());
        }
        if (last.size() < end_records) {
            last.push_back(r), std::push_heap(last.begin(), last.end(), later);
        } else if (last.front() < r) {
            std::pop_heap(last.begin(), last.end(), later), last.back() = r;
            std::push_heap(last.begin(), last.end(), later);
        }
    });
    if (n == 0)
        return c;
    std::sort(first.begin(), first.end());
    std::sort(last.begin(), last.end());
    // at(k): the time of the k-th record in the stable order; near an end from that end's list.
    auto at = [&](std::size_t k) {
        if (k < first.size())
            return first[k].time;
        const std::size_t from_end = n - 1 - k;
        if (from_end < last.size())
            return last[last.size() - 1 - from_end].time;
        return time_of_rank(visit, k, min_time, max_time);
    };
    // Typical gap: the central 90 % of times spread over the records in it (robust to strays).
    const std::size_t lo = (n - 1) / 20, hi = (n - 1) - (n - 1) / 20;
    c.typical_gap = hi > lo ? (at(hi) - at(lo)) / static_cast<core::Minutes>(hi - lo) : 0;
    std::size_t head = 0, tail = 0;
    if (n >= 20) {
        tail = stray_count(n, c.typical_gap, [&](std::size_t k) { return at(n - 1 - k) - at(n - 2 - k); });
        head = stray_count(n, c.typical_gap, [&](std::size_t k) { return at(k + 1) - at(k); });
    }
    for (std::size_t k = 0; k < head; ++k)
        c.strays.push_back(first[k].index);
    for (std::size_t k = n - tail; k < n; ++k)
        c.strays.push_back(last[last.size() - (n - k)].index);
    c.from = day_start(at(head));
    c.to = day_start(at(n - 1 - tail)) + minutes_per_day;
    return c;
}

}  // namespace

TimeCoverage measure_coverage(const std::vector<core::Minutes>& times)
{
    return measure([&](auto&& f) {
        for (std::size_t i = 0; i < times.size(); ++i)
            if (times[i] != core::no_time)
                f(times[i], i);
    });
}

TimeCoverage measure_coverage(const std::vector<TimeCount>& counts)
{
    // measure() on the counts themselves: the time of rank k is read from the running sums
    // (one pass over the distinct times, not over every record: 100M records were seconds).
    std::vector<std::uint64_t> end;  // end[j]: the records up to and including counts[j]
    end.reserve(counts.size());
    std::uint64_t n = 0;
    for (const auto& c : counts)
        end.push_back(n += c.count);
    TimeCoverage c;
    if (n == 0)
        return c;
    const auto at = [&](std::uint64_t k) {
        return counts[static_cast<std::size_t>(std::upper_bound(end.begin(), end.end(), k) - end.begin())].time;
    };
    const std::uint64_t lo = (n - 1) / 20, hi = (n - 1) - (n - 1) / 20;
    c.typical_gap = hi > lo ? (at(hi) - at(lo)) / static_cast<core::Minutes>(hi - lo) : 0;
    std::size_t head = 0, tail = 0;
    if (n >= 20) {
        const auto m = static_cast<std::size_t>(std::min<std::uint64_t>(n, SIZE_MAX));
        tail = stray_count(m, c.typical_gap, [&](std::size_t k) { return at(n - 1 - k) - at(n - 2 - k); });
        head = stray_count(m, c.typical_gap, [&](std::size_t k) { return at(k + 1) - at(k); });
    }
    // Strays by rank: the order by (time, record) puts a record of rank k k-th.
    for (std::size_t k = 0; k < head; ++k)
        c.strays.push_back(k);
    for (std::uint64_t k = n - tail; k < n; ++k)
        c.strays.push_back(static_cast<std::size_t>(k));
    c.from = day_start(at(head));
    c.to = day_start(at(n - 1 - tail)) + minutes_per_day;
    return c;
}

TimeCoverage measure_coverage(const core::IncidentTable& t, const std::vector<std::size_t>& records)
{
    // Ordered and reported by position in `records`, then mapped back to the table's indexes.
    auto c = measure([&](auto&& f) {
        for (std::size_t k = 0; k < records.size(); ++k)
            if (t.time[records[k]] != core::no_time)
                f(t.time[records[k]], k);
    });
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
    return measure([&](auto&& f) {
        for (std::size_t i = 0; i < t.size(); ++i)
            if (t.time[i] != core::no_time)
                f(t.time[i], i);
    });
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
