// SPDX-License-Identifier: MIT
#pragma once
// Counts of incidents per district × period × crime group × sex × age band, with rates,
// change against the previous period, municipality totals and small-count suppression.
#include <trygg/core/area_table.hpp>
#include <trygg/core/district_layer.hpp>
#include <trygg/core/incident_table.hpp>
#include <trygg/stats/cell_key.hpp>
#include <trygg/stats/period_coverage.hpp>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace trygg::core {
class CancelToken;
}

namespace trygg::stats {

enum class PeriodKind { month, quarter, half_year, year };

// "2024H1", "2024Q3", "2024-05", "2024".
std::string period_label(core::Minutes t, PeriodKind kind);
PeriodKind parse_period_kind(const std::string& name);  // "month", "quarter", "half-year", "year"

struct AggregateOptions {
    PeriodKind period = PeriodKind::half_year;
    std::vector<int> age_bands{0, 18, 25, 45, 65};  // lower bounds; last band is open
    int suppress_below = 5;  // counts 1..(n-1) are withheld, plus secondary cells; 0 or 1: none
    // Instead of suppression: cell-key noise (cell_key.hpp) keyed on this secret and the
    // records' identities (core/record_identity.hpp); nothing withheld. Needs a set secret.
    bool cell_key_noise = false;
    CellKeySecret cell_key_secret;
    // Population table columns (empty: no rates per 1,000).
    std::string population_value;  // numeric column
    std::string population_sex;    // optional column with "man"/"kvinna"/"totalt"
    std::string population_age;    // optional column with "0-17", "65-", "65+", "totalt"
    // Population by year (population_years.hpp): a column with each row's year. Each period
    // uses the rows of its own year, or of the nearest; empty: every row serves every period.
    std::string population_year;
    // Period coverage (period_coverage.hpp): the analyst's declared range of the extract,
    // [covered_from, covered_to) in minutes; no_time: measured from the records.
    core::Minutes covered_from = core::no_time, covered_to = core::no_time;
    // Threads for the suppression search (0: all cores); the result does not depend on it.
    unsigned threads = 0;
};

struct AggregateCell {
    std::int32_t district = -1;     // -1: the whole municipality (all districts)
    std::uint16_t period = 0;       // index into periods
    std::uint8_t group = 0;         // index into groups
    std::uint8_t sex = 0;           // index into sex_labels: 0 alla, 1 man, 2 kvinna, 3 okänd
    std::uint8_t age = 0;           // index into age_labels: 0 alla, then bands, last "okänd"
    double count = 0;
    double population = std::numeric_limits<double>::quiet_NaN();
    double rate_per_1000 = std::numeric_limits<double>::quiet_NaN();
    double rate_per_km2 = std::numeric_limits<double>::quiet_NaN();
    double change = std::numeric_limits<double>::quiet_NaN();      // count minus previous period's
    double change_pct = std::numeric_limits<double>::quiet_NaN();   // relative change in percent
    bool suppressed = false;        // withheld: primary (small count) or secondary (would reveal one)
};

struct AggregateResult;

// The cube's cells (issue 21: 50,000 districts × periods × groups × sexes × ages is tens of
// millions of cells). Stored as what cannot be derived: the published count before withholding
// and a withheld flag per cell; a cell's labels follow from its place in the cube, population
// and rates from per-district denominators, change from the cell one period earlier. Each
// AggregateCell is computed when read (by value), with the same arithmetic as when all were stored.
class AggregateCells {
public:
    class const_iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = AggregateCell;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = AggregateCell;
        const_iterator(const AggregateCells* cells, std::size_t k) : cells_(cells), k_(k) {}
        AggregateCell operator*() const { return (*cells_)[k_]; }
        const_iterator& operator++() { return ++k_, *this; }
        bool operator==(const const_iterator& o) const { return k_ == o.k_; }
        bool operator!=(const const_iterator& o) const { return k_ != o.k_; }

    private:
        const AggregateCells* cells_;
        std::size_t k_;
    };

    std::size_t size() const { return given_.empty() ? counts_.size() : given_.size(); }
    bool empty() const { return size() == 0; }
    AggregateCell operator[](std::size_t k) const;
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    bool withheld(std::size_t k) const { return given_.empty() ? withheld_[k] != 0 : given_[k].suppressed; }
    // Withholds the `hidden` cells (count and rates), and change where either period is;
    // `period_stride` is the distance to the same cell one period earlier.
    void withhold(const std::vector<char>& hidden, std::size_t period_stride);
    // A table built cell by cell (tests, hand-made tables): every field as given, in cube order.
    void push_back(const AggregateCell& c) { given_.push_back(c); }

private:
    friend AggregateResult aggregate(const core::IncidentTable&, const std::vector<std::int32_t>&,
                                     const core::DistrictLayer&, const core::AreaTable*, const AggregateOptions&,
                                     const core::CancelToken*);
    friend class AggregateCounter;
    std::vector<AggregateCell> given_;
    // Computed cubes: shape, then per cell the published count before withholding (the true
    // count, or perturbed with cell-key noise; NaN for a group not in the source) and a flag.
    std::size_t districts_ = 0, periods_ = 0, groups_ = 0, sexes_ = 0, ages_ = 0;
    std::vector<double> counts_;
    std::vector<char> withheld_;
    // Denominators: per population year (district incl. the municipality × sex × age label),
    // which of them each period uses, and per district its km² (the whole area last).
    std::vector<std::vector<double>> population_;
    std::vector<std::size_t> population_of_period_;
    std::vector<double> area_km2_;
};

struct AggregateResult {
    std::vector<std::string> periods;     // sorted, contiguous from first to last seen
    std::vector<std::string> groups;
    std::vector<std::string> sex_labels;  // {"alla", "man", "kvinna", "okänd"}
    std::vector<std::string> age_labels;  // {"alla", "0-17", ..., "65-", "okänd"}
    std::size_t district_count = 0;
    AggregateCells cells;                 // ordered by district (-1 last), period, group, sex, age
    AggregateOptions options;

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // The index of a cell in `cells` (and true_counts); npos when there is no such cell.
    std::size_t index(int district, int period, int group, int sex = 0, int age = 0) const;
    std::optional<AggregateCell> find(int district, int period, int group, int sex = 0, int age = 0) const;
    int group_index(const std::string& name) const;
    int period_index(const std::string& label) const;  // "latest" = last complete period
    // Per district (DistrictLayer order), all sexes and ages: true counts (before suppression)
    // and the population denominator (NaN when unknown). For statistics, not for publishing.
    // With cell-key noise these are the perturbed counts: statistics then derive from what is
    // published, or their results would carry the true counts the noise hides.
    std::vector<double> district_counts(int group, int period) const;
    std::vector<double> district_population(int period) const;
    // Internal: unsuppressed counts live here; cells[] hold what may be published (withheld,
    // or perturbed when options.cell_key_noise).
    std::vector<double> true_counts;  // parallel to cells
    // Population by year: the population year each period's rates use (parallel to periods);
    // 0 when the population has no year (or there is none).
    std::vector<int> population_year_of_period;
    // Issue 15 (register): per group, 1 when the source does not cover it (source_coverage.hpp);
    // its cells' counts, rates and change are NaN (missing, not withheld) and true_counts NaN.
    std::vector<char> not_in_source;
    // Period coverage (period_coverage.hpp): the time the incidents cover (measured, or as
    // declared) and per period whether it lies wholly inside; incomplete periods keep their
    // cells but are never "latest".
    TimeCoverage coverage;
    std::vector<char> period_complete;  // parallel to periods
};

// Counts accumulated chunk by chunk (issue 20: a register read in chunks that are dropped once
// counted). add() counts a chunk's used incidents into per-period slabs, created as periods
// appear, so nothing depends on the chunks' order or on the periods seen before; finish() lays
// the slabs out as the cube (contiguous periods from the first to the last seen) and does
// everything after counting: population, cell-key noise, withholding, coverage. aggregate()
// below is one add() and finish(), so the chunked and the whole-table results are one code path.
class AggregateCounter {
public:
    AggregateCounter(std::vector<std::string> groups, std::size_t district_count, const AggregateOptions& options);
    // `district_of[i]` is the district of chunk record i (-1 when not used).
    void add(const core::IncidentTable& chunk, const std::vector<std::int32_t>& district_of,
             const core::CancelToken* cancel = nullptr);
    // Records [from, to) of the chunk only (slices of one table counted on several threads).
    void add(const core::IncidentTable& chunk, const std::vector<std::int32_t>& district_of, std::size_t from,
             std::size_t to, const core::CancelToken* cancel = nullptr);
    // Adds the counts of another counter made with the same groups, districts and options
    // (which is spent afterwards): the same counts as adding its records to this one.
    void merge(AggregateCounter&& other);
    std::uint64_t counted() const { return counted_; }  // used incidents added so far
    // The options for finish() when they are known only after counting (a streamed count finds
    // the population's columns then): what is counted (period, age bands, noise) must not change.
    void set_options_after_count(const AggregateOptions& options);
    // `groups_not_in_source`: the source's (core::IncidentTable); `coverage`: incident_coverage
    // of all records, or accumulated by the caller. The counter is spent afterwards.
    AggregateResult finish(const core::DistrictLayer& districts, const core::AreaTable* population,
                           std::uint16_t groups_not_in_source, TimeCoverage coverage,
                           const core::CancelToken* cancel = nullptr);

private:
    std::vector<std::string> groups_;
    std::size_t district_count_ = 0;
    AggregateOptions options_;
    std::size_t slab_cells_ = 0;  // (districts + 1) × groups × sexes × ages
    int first_ = 0;               // period start (year * 12 + month) of slabs_[0]
    // Per period from first_, cells ordered district (-1 last), group, sex, age; cell keys
    // parallel (cell-key noise only).
    std::vector<std::vector<double>> slabs_;
    std::vector<std::vector<std::uint32_t>> key_slabs_;
    std::uint64_t counted_ = 0;
    // The slab of a period start, created (with those between) when first seen.
    std::size_t slab_of(int start);
};

// Adds `chunk` to `counter` in slices counted on up to `threads` threads and merged in order
// (the same counts as one add(); slices only from 2^18 records).
void add_in_slices(AggregateCounter& counter, const core::IncidentTable& chunk,
                   const std::vector<std::int32_t>& district_of, std::size_t district_count,
                   const AggregateOptions& options, unsigned threads, const core::CancelToken* cancel = nullptr);

// `district_of[i]` is the district of incident i (-1 when not used). `cancel` is checked while
// counting and withholding (a cancelled run stops within a fraction of a second).
AggregateResult aggregate(const core::IncidentTable& incidents, const std::vector<std::int32_t>& district_of,
                          const core::DistrictLayer& districts, const core::AreaTable* population,
                          const AggregateOptions& options, const core::CancelToken* cancel = nullptr);

}  // namespace trygg::stats
