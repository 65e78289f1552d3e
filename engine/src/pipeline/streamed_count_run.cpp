// SPDX-License-Identifier: MIT
#include "streamed_count_run.hpp"

#include "stage_beside.hpp"  // process_cpu_seconds
#include "stages/streamed_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/stats/period_coverage.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace trygg::pipeline {

std::size_t streamed_chunk_bytes()
{
    if (const char* v = std::getenv("TRYGG_STREAM_CHUNK_BYTES"); v && *v)
        return std::max<std::size_t>(std::strtoull(v, nullptr, 10), 1);
    return std::size_t{256} << 20;
}

bool worth_streaming(std::uintmax_t bytes)
{
    const char* v = std::getenv("TRYGG_STREAM_CHUNK_BYTES");
    return bytes > (v && *v ? streamed_chunk_bytes() : std::uintmax_t{1} << 30);
}

namespace {

using Clock = std::chrono::steady_clock;

// The time coverage of records met a chunk at a time (stats/period_coverage.hpp): each
// distinct time's count, and the records nearest either end in the order by time and then by
// record (the only ones a measurement can name as strays), with their row and id.
class ChunkedCoverage {
public:
    ChunkedCoverage(core::Minutes declared_from, core::Minutes declared_to)
        : declared_from_(declared_from), declared_to_(declared_to)
    {
    }

    void add(const core::IncidentTable& chunk)
    {
        std::vector<std::pair<core::Minutes, std::size_t>> timed;  // (time, index in the chunk)
        timed.reserve(chunk.size());
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            const auto t = chunk.time[i];
            if (t == core::no_time)
                continue;
            if (declared_from_ != core::no_time)
                outside_declared_ += t < declared_from_ || t >= declared_to_;
            else
                timed.push_back({t, i});
        }
        // The chunk's own ends (pairs order by time, then record) are the only candidates.
        if (timed.size() > 2 * end_records) {
            const auto lo = timed.begin() + end_records, hi = timed.end() - end_records;
            std::nth_element(timed.begin(), lo, timed.end());
            std::nth_element(lo, hi, timed.end());
            for (auto it = timed.begin(); it != lo; ++it)
                keep_end(it->first, seen_ + it->second, chunk, it->second);
            for (auto it = hi; it != timed.end(); ++it)
                keep_end(it->first, seen_ + it->second, chunk, it->second);
        } else {
            for (const auto& [t, i] : timed)
                keep_end(t, seen_ + i, chunk, i);
        }
        seen_ += chunk.size();
        std::vector<stats::TimeCount> counts;
        if (!timed.empty()) {
            const auto [lo, hi] = std::minmax_element(timed.begin(), timed.end());
            const auto first = lo->first;
            const auto span = static_cast<std::uint64_t>(hi->first) - static_cast<std::uint64_t>(first);
            if (span < (std::uint64_t{1} << 22)) {
                // Minutes of a few years at most (a chunk of a register usually spans less):
                // counted per minute, no sort.
                std::vector<std::uint32_t> per_minute(span + 1, 0);
                for (const auto& [t, i] : timed)
                    ++per_minute[static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(first)];
                for (std::uint64_t k = 0; k <= span; ++k)
                    if (per_minute[k])
                        counts.push_back({first + static_cast<core::Minutes>(k), per_minute[k]});
            } else {
                std::sort(timed.begin(), timed.end());
                for (const auto& [t, i] : timed)
                    if (!counts.empty() && counts.back().time == t)
                        ++counts.back().count;
                    else
                        counts.push_back({t, 1});
            }
        }
        std::vector<std::pair<core::Minutes, std::size_t>>().swap(timed);
        std::vector<stats::TimeCount> merged;
        merged.reserve(counts_.size() + counts.size());
        auto a = counts_.begin(), b = counts.begin();
        while (a != counts_.end() || b != counts.end()) {
            if (b == counts.end() || (a != counts_.end() && a->time < b->time))
                merged.push_back(*a++);
            else if (a == counts_.end() || b->time < a->time)
                merged.push_back(*b++);
            else
                merged.push_back({a->time, (a++)->count + (b++)->count});
        }
        counts_ = std::move(merged);
    }

    // incident_coverage's result; strays index the names given by records().
    stats::TimeCoverage coverage()
    {
        if (declared_from_ != core::no_time) {
            stats::TimeCoverage c;
            c.from = declared_from_, c.to = declared_to_, c.declared = true;
            return c;
        }
        auto c = stats::measure_coverage(counts_);
        std::uint64_t n = 0;
        for (const auto& k : counts_)
            n += k.count;
        std::sort(first_.begin(), first_.end());
        std::sort(last_.begin(), last_.end());
        for (auto& rank : c.strays) {
            const auto from_end = n - 1 - rank;
            const End& e = rank < first_.size() ? first_[rank] : last_[last_.size() - 1 - from_end];
            strays_.push_back(stray_name(e.row, e.id, e.time));
            rank = strays_.size() - 1;
        }
        return c;
    }

    CoverageRecords records(const std::string& source) const
    {
        CoverageRecords out;
        out.source = source;
        out.outside_declared = outside_declared_;
        out.name = [this](std::size_t i) { return strays_[i]; };
        return out;
    }

private:
    struct End {
        core::Minutes time;
        std::uint64_t index;  // in the whole register's records
        std::uint64_t row;
        std::string id;
        bool operator<(const End& o) const { return std::tie(time, index) < std::tie(o.time, o.index); }
    };
    // The measurement reads at most this many records from each end (period_coverage.cpp).
    static constexpr std::size_t end_records = 22;

    // Record i of `chunk`, the index-th of the register, into either end's heap if it belongs
    // there (its id is copied only then).
    void keep_end(core::Minutes time, std::uint64_t index, const core::IncidentTable& chunk, std::size_t i)
    {
        const End probe{time, index, 0, {}};
        const bool to_first = first_.size() < end_records || probe < first_.front();
        const bool to_last = last_.size() < end_records || last_.front() < probe;
        if (!to_first && !to_last)
            return;
        const End e{time, index, chunk.source_row[i], chunk.id_of(i)};
        const auto later = [](const End& a, const End& b) { return b < a; };
        if (to_first) {
            if (first_.size() == end_records)
                std::pop_heap(first_.begin(), first_.end()), first_.pop_back();
            first_.push_back(e), std::push_heap(first_.begin(), first_.end());
        }
        if (to_last) {
            if (last_.size() == end_records)
                std::pop_heap(last_.begin(), last_.end(), later), last_.pop_back();
            last_.push_back(e), std::push_heap(last_.begin(), last_.end(), later);
        }
    }

    core::Minutes declared_from_, declared_to_;
    std::uint64_t seen_ = 0;
    std::size_t outside_declared_ = 0;
    std::vector<stats::TimeCount> counts_;  // by time
    std::vector<End> first_, last_;         // heaps while adding: first_ a max-heap, last_ a min-heap
    std::vector<std::string> strays_;
};

// Wall and CPU seconds spent inside one stage's share of a chunk, summed.
struct Spent {
    double wall = 0, cpu = 0;
    template <class F> void time(F&& f)
    {
        const auto w0 = Clock::now();
        const double c0 = process_cpu_seconds();
        f();
        wall += std::chrono::duration<double>(Clock::now() - w0).count();
        cpu += process_cpu_seconds() - c0;
    }
};

}  // namespace

StreamedCount run_streamed_count(StageContext& read_ctx, StageContext& assign_ctx, StageContext& aggregate_ctx,
                                 std::size_t chunk_bytes, double run_start_s)
{
    const auto start = Clock::now();
    const double cpu_start = process_cpu_seconds();
    const auto districts = assign_ctx.input<DistrictsArtifact>(1);
    const auto& layer = districts->layer;
    // Assign's rejects name the rows and ids kept here: the chunks they came from are gone.
    auto set_aside = std::make_shared<core::IncidentTable>();
    core::RejectRows own_rejects(set_aside.get());
    DistrictAssigner assigner(layer, own_rejects);
    const auto count_options = aggregate_count_options(aggregate_ctx);
    const unsigned threads = std::max(1u, count_options.threads);
    std::optional<stats::AggregateCounter> counter;
    ChunkedCoverage coverage(count_options.covered_from, count_options.covered_to);
    std::vector<std::int32_t> district;
    Spent assigning, counting;

    std::size_t chunks = 0;
    auto incidents = read_incidents_in_chunks(read_ctx, chunk_bytes, [&](const core::IncidentTable& chunk) {
        ++chunks;
        assigning.time([&] { assigner.place(assign_ctx, chunk, district, set_aside.get()); });
        counting.time([&] {
            if (!counter)
                counter.emplace(chunk.group_names, layer.size(), count_options);
            stats::add_in_slices(*counter, chunk, district, layer.size(), count_options, threads,
                                 &aggregate_ctx.cancel());
            coverage.add(chunk);
        });
    });
    const double read_end_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double read_cpu = process_cpu_seconds() - cpu_start;

    StreamedCount out;
    out.chunks = chunks;
    out.read = {incidents, run_start_s, read_end_s - assigning.wall - counting.wall,
                read_cpu - assigning.cpu - counting.cpu};

    auto assigned = std::make_shared<AssignedArtifact>();
    assigning.time([&] {
        assigned->incidents = incidents;
        assigned->districts = districts;
        assigned->set_aside = set_aside;
        assigned->rejects = core::RejectList(&incidents->table.rejects, std::move(own_rejects));
        assigned->accounting = assigner.finish(assign_ctx, incidents->accounting, assign_max_outside_share(assign_ctx));
    });
    out.assign = {assigned, run_start_s, assigning.wall, assigning.cpu};

    std::shared_ptr<AggregateArtifact> aggregate;
    counting.time([&] {
        if (!counter)
            counter.emplace(incidents->table.group_names, layer.size(), count_options);
        aggregate = aggregate_counted(
            aggregate_ctx, assigned,
            [&](const stats::AggregateOptions& counted, const core::AreaTable* population) {
                counter->set_options_after_count(counted);
                return counter->finish(layer, population, incidents->table.groups_not_in_source, coverage.coverage(),
                                       &aggregate_ctx.cancel());
            },
            [&](const stats::TimeCoverage&) { return coverage.records(incidents->table.source); });
    });
    out.aggregate = {aggregate, run_start_s, counting.wall, counting.cpu};
    return out;
}

}  // namespace trygg::pipeline
