// SPDX-License-Identifier: MIT
#include <trygg/core/datetime.hpp>
#include <trygg/core/demography.hpp>
#include <trygg/core/error.hpp>
#include <trygg/core/parallel_slices.hpp>
#include <trygg/core/progress.hpp>
#include <trygg/core/record_identity.hpp>
#include <trygg/stats/aggregate.hpp>
#include <trygg/stats/cell_key.hpp>
#include <trygg/stats/population_years.hpp>
#include <trygg/stats/source_coverage.hpp>

#include "hypercube_suppression.hpp"
#include "ones_line_protection.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <thread>

namespace trygg::stats {

PeriodKind parse_period_kind(const std::string& name)
{
    if (name == "month")
        return PeriodKind::month;
    if (name == "quarter")
        return PeriodKind::quarter;
    if (name == "half-year" || name == "halfyear" || name == "halvår")
        return PeriodKind::half_year;
    if (name == "year")
        return PeriodKind::year;
    throw core::PipelineError("unknown period '" + name + "' (use month, quarter, half-year or year)");
}

namespace {

// Periods as integers: year * 12 + first month index, stepping by the period length.
int period_start(core::Minutes t, PeriodKind kind)
{
    int y;
    unsigned m, d, h, mi;
    core::civil_from_minutes(t, y, m, d, h, mi);
    int month0 = static_cast<int>(m) - 1;
    int len = kind == PeriodKind::month ? 1 : kind == PeriodKind::quarter ? 3 : kind == PeriodKind::half_year ? 6 : 12;
    return y * 12 + month0 / len * len;
}

int period_length(PeriodKind kind)
{
    return kind == PeriodKind::month ? 1 : kind == PeriodKind::quarter ? 3 : kind == PeriodKind::half_year ? 6 : 12;
}

std::string label_of(int start, PeriodKind kind)
{
    int y = start / 12, m0 = start % 12;
    switch (kind) {
    case PeriodKind::month: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", y, m0 + 1);
        return buf;
    }
    case PeriodKind::quarter: return std::to_string(y) + "Q" + std::to_string(m0 / 3 + 1);
    case PeriodKind::half_year: return std::to_string(y) + "H" + std::to_string(m0 / 6 + 1);
    case PeriodKind::year: return std::to_string(y);
    }
    return "";
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr int open_end = core::AgeRange::open_end;

struct PopRow {
    int district;
    int sex;  // 0 alla, 1 man, 2 kvinna
    int lo, hi;  // -1,-1: all ages; hi == open_end: open band
    double value;
};

// Index into sex_labels of a population table's sex cell: 0 alla, 1 man, 2 kvinna; -1 unknown.
int sex_index(const std::string& raw)
{
    const auto sex = core::parse_sex(raw);
    if (!sex)
        return -1;
    return *sex == core::SexLabel::man ? 1 : *sex == core::SexLabel::kvinna ? 2 : 0;
}

// Population of the age band [L, H] from one district's rows of one sex: the sum of the rows
// that tile it exactly; NaN when a row straddles the band or the rows leave a gap.
double band_population(const std::vector<const PopRow*>& sel, int L, int H)
{
    std::vector<std::pair<int, int>> covered;
    double sum = 0;
    bool split = false;
    for (const auto* p : sel) {
        if (p->lo < 0)
            continue;
        if (p->lo >= L && p->hi <= H) {
            sum += p->value;
            covered.emplace_back(p->lo, p->hi);
        } else if (p->lo <= H && p->hi >= L) {
            split = true;  // a population band straddles this age band
        }
    }
    std::sort(covered.begin(), covered.end());
    int next = L;
    for (const auto& [lo, hi] : covered)
        if (lo <= next)
            next = std::max(next, hi == open_end ? open_end : hi + 1);
    bool complete = !covered.empty() && (H == open_end ? next >= open_end : next > H);
    return !split && complete ? sum : nan;
}

// The population table's rows that name a district and hold a number, with sex and age read;
// with a year column only the rows of `year`.
std::vector<PopRow> population_rows(const core::AreaTable& population, const core::DistrictLayer& districts,
                                    const AggregateOptions& options, int year)
{
    const int yc = options.population_year.empty() ? -1 : population.column_index(options.population_year);
    int vc = population.column_index(options.population_value);
    int sc = options.population_sex.empty() ? -1 : population.column_index(options.population_sex);
    int ac = options.population_age.empty() ? -1 : population.column_index(options.population_age);
    std::vector<PopRow> rows;
    const auto code_index = districts.code_index();
    for (std::size_t k = 0; k < population.rows.size(); ++k) {
        const auto& row = population.rows[k];
        auto found = code_index.find(population.key(k));
        if (found == code_index.end())
            continue;
        int d = found->second;
        if (yc >= 0 && core::parse_year(row[static_cast<std::size_t>(yc)]) != year)
            continue;
        auto v = core::parse_number(row[static_cast<std::size_t>(vc)]);
        if (!v)
            continue;
        PopRow pr{d, 0, -1, -1, *v};
        if (sc >= 0)
            pr.sex = sex_index(row[static_cast<std::size_t>(sc)]);
        if (ac >= 0) {
            const auto range = core::parse_age_range(row[static_cast<std::size_t>(ac)]);
            if (range)
                pr.lo = range->lo, pr.hi = range->hi;
            else
                pr.sex = -1;
        }
        if (pr.sex >= 0)
            rows.push_back(pr);
    }
    return rows;
}

// Population denominators per (district + the municipality) × sex (alla, man, kvinna, okänd)
// × age label (alla, the bands, okänd); NaN where the table does not give one.
std::vector<double> population_denominators(const core::AreaTable* population, const core::DistrictLayer& districts,
                                            const AggregateOptions& options, std::size_t na, int year)
{
    const std::size_t district_count = districts.size(), nd = district_count + 1, ns = 4;
    const auto& bands = options.age_bands;
    std::vector<double> pop(nd * ns * na, nan);
    auto pop_at = [&](std::size_t d, std::size_t s, std::size_t a) -> double& { return pop[(d * ns + s) * na + a]; };
    if (!population || options.population_value.empty())
        return pop;
    const auto rows = population_rows(*population, districts, options, year);
    std::vector<std::vector<const PopRow*>> by_district(district_count);
    for (const auto& pr : rows)
        by_district[static_cast<std::size_t>(pr.district)].push_back(&pr);
    for (std::size_t d = 0; d < district_count; ++d) {
        for (std::size_t s = 0; s < 3; ++s) {
            // Rows for this sex: the sex's own rows, or for "alla" the total rows if the table has
            // them, else both sexes summed.
            std::vector<const PopRow*> sel;
            for (const auto* pr : by_district[d])
                if (pr->sex == static_cast<int>(s))
                    sel.push_back(pr);
            if (sel.empty() && s == 0)
                for (const auto* pr : by_district[d])
                    if (pr->sex > 0)
                        sel.push_back(pr);
            if (sel.empty())
                continue;
            bool has_total_age = std::any_of(sel.begin(), sel.end(), [](const PopRow* p) { return p->lo < 0; });
            double all = 0;
            for (const auto* p : sel)
                if (has_total_age ? p->lo < 0 : true)
                    all += p->value;
            pop_at(d, s, 0) = all;
            for (std::size_t b = 0; b < bands.size(); ++b) {
                const double v = band_population(sel, bands[b], b + 1 < bands.size() ? bands[b + 1] - 1 : open_end);
                if (!std::isnan(v))
                    pop_at(d, s, b + 1) = v;
            }
        }
    }
    // The municipality: sums over districts (NaN if any district lacks the figure).
    for (std::size_t s = 0; s < 3; ++s)
        for (std::size_t a = 0; a + 1 < na; ++a) {
            double sum = 0;
            for (std::size_t d = 0; d < district_count; ++d)
                sum += pop_at(d, s, a);
            pop_at(district_count, s, a) = sum;
        }
    return pop;
}

}  // namespace

std::string period_label(core::Minutes t, PeriodKind kind) { return label_of(period_start(t, kind), kind); }

AggregateCell AggregateCells::operator[](std::size_t k) const
{
    if (!given_.empty())
        return given_[k];
    // k = (((d · np + p) · ng + g) · ns + s) · na + a
    AggregateCell c;
    std::size_t rest = k;
    const std::size_t a = rest % ages_;
    rest /= ages_;
    const std::size_t s = rest % sexes_;
    rest /= sexes_;
    const std::size_t g = rest % groups_;
    rest /= groups_;
    const std::size_t p = rest % periods_;
    const std::size_t d = rest / periods_;
    const std::size_t district_count = districts_ - 1;
    c.district = d == district_count ? -1 : static_cast<std::int32_t>(d);
    c.period = static_cast<std::uint16_t>(p);
    c.group = static_cast<std::uint8_t>(g);
    c.sex = static_cast<std::uint8_t>(s);
    c.age = static_cast<std::uint8_t>(a);
    // The same arithmetic, in the same order, as when every field was stored.
    const double count = counts_[k];
    if (!population_.empty())
        c.population = population_[population_of_period_[p]][(d * sexes_ + (s < 3 ? s : 0)) * ages_ + a];
    if (s == 3 || a == ages_ - 1)
        c.population = nan;  // unknown sex/age has no denominator
    c.suppressed = withheld_[k] != 0;
    if (c.suppressed) {
        c.count = nan;
    } else {
        c.count = count;
        if (c.population > 0)
            c.rate_per_1000 = count / c.population * 1000.0;
        const double km2 = area_km2_[d];
        if (km2 > 0)
            c.rate_per_km2 = count / km2;
    }
    // Change reveals the count when the other period is known: withheld if either is.
    const std::size_t stride = groups_ * sexes_ * ages_;
    if (p > 0 && !c.suppressed && !withheld_[k - stride]) {
        const double prev = counts_[k - stride];
        c.change = count - prev;
        if (prev > 0)
            c.change_pct = (count - prev) / prev * 100.0;
    }
    return c;
}

void AggregateCells::withhold(const std::vector<char>& hidden, std::size_t period_stride)
{
    if (given_.empty()) {
        for (std::size_t k = 0; k < withheld_.size(); ++k)
            withheld_[k] = static_cast<char>(withheld_[k] | (hidden[k] ? 1 : 0));
        return;
    }
    for (std::size_t k = 0; k < given_.size(); ++k) {
        auto& c = given_[k];
        if (hidden[k]) {
            c.suppressed = true;
            c.count = c.rate_per_1000 = c.rate_per_km2 = nan;
        }
        if (hidden[k] || (c.period > 0 && hidden[k - period_stride]))
            c.change = c.change_pct = nan;
    }
}

std::size_t AggregateResult::index(int district, int period, int group, int sex, int age) const
{
    std::size_t nd = district_count + 1, np = periods.size(), ng = groups.size(), ns = sex_labels.size(),
                na = age_labels.size();
    std::size_t d = district < 0 ? district_count : static_cast<std::size_t>(district);
    if (d >= nd || period < 0 || static_cast<std::size_t>(period) >= np || group < 0 ||
        static_cast<std::size_t>(group) >= ng)
        return npos;
    std::size_t idx = (((d * np + static_cast<std::size_t>(period)) * ng + static_cast<std::size_t>(group)) * ns +
                       static_cast<std::size_t>(sex)) * na + static_cast<std::size_t>(age);
    return idx < cells.size() ? idx : npos;
}

std::optional<AggregateCell> AggregateResult::find(int district, int period, int group, int sex, int age) const
{
    const auto k = index(district, period, group, sex, age);
    if (k == npos)
        return std::nullopt;
    return cells[k];
}

int AggregateResult::group_index(const std::string& name) const
{
    for (std::size_t i = 0; i < groups.size(); ++i)
        if (groups[i] == name)
            return static_cast<int>(i);
    return -1;
}

int AggregateResult::period_index(const std::string& label) const
{
    if (label == "latest")
        return latest_complete_period(periods, period_complete);
    for (std::size_t i = 0; i < periods.size(); ++i)
        if (periods[i] == label)
            return static_cast<int>(i);
    return -1;
}

std::vector<double> AggregateResult::district_counts(int group, int period) const
{
    std::vector<double> out(district_count, nan);
    for (std::size_t d = 0; d < district_count; ++d)
        if (const auto k = index(static_cast<int>(d), period, group); k != npos)
            out[d] = options.cell_key_noise ? cells[k].count : true_counts[k];
    return out;
}

std::vector<double> AggregateResult::district_population(int period) const
{
    std::vector<double> out(district_count, nan);
    for (std::size_t d = 0; d < district_count; ++d)
        if (const auto c = find(static_cast<int>(d), period, 0))
            out[d] = c->population;
    return out;
}

AggregateCounter::AggregateCounter(std::vector<std::string> groups, std::size_t district_count,
                                   const AggregateOptions& options)
    : groups_(std::move(groups)), district_count_(district_count), options_(options)
{
    slab_cells_ = (district_count_ + 1) * groups_.size() * core::sex_labels().size() *
                  core::age_labels(options_.age_bands).size();
}

void AggregateCounter::set_options_after_count(const AggregateOptions& options)
{
    if (options.period != options_.period || options.age_bands != options_.age_bands ||
        options.cell_key_noise != options_.cell_key_noise)
        throw core::Error(core::ExitCode::internal, "aggregate: the options changed after counting");
    options_ = options;
}

std::size_t AggregateCounter::slab_of(int start)
{
    const int step = period_length(options_.period);
    if (slabs_.empty()) {
        first_ = start;
        slabs_.emplace_back(slab_cells_, 0.0);
        if (options_.cell_key_noise)
            key_slabs_.emplace_back(slab_cells_, 0u);
        return 0;
    }
    if (start < first_) {  // earlier periods (and those between) go in front
        const auto more = static_cast<std::size_t>((first_ - start) / step);
        slabs_.insert(slabs_.begin(), more, std::vector<double>());
        for (std::size_t k = 0; k < more; ++k)
            slabs_[k].assign(slab_cells_, 0.0);
        if (options_.cell_key_noise) {
            key_slabs_.insert(key_slabs_.begin(), more, std::vector<std::uint32_t>());
            for (std::size_t k = 0; k < more; ++k)
                key_slabs_[k].assign(slab_cells_, 0u);
        }
        first_ = start;
        return 0;
    }
    const auto p = static_cast<std::size_t>((start - first_) / step);
    while (slabs_.size() <= p) {
        slabs_.emplace_back(slab_cells_, 0.0);
        if (options_.cell_key_noise)
            key_slabs_.emplace_back(slab_cells_, 0u);
    }
    return p;
}

void AggregateCounter::add(const core::IncidentTable& incidents, const std::vector<std::int32_t>& district_of,
                           const core::CancelToken* cancel)
{
    add(incidents, district_of, 0, incidents.size(), cancel);
}

void AggregateCounter::merge(AggregateCounter&& other)
{
    const int step = period_length(options_.period);
    for (std::size_t q = 0; q < other.slabs_.size(); ++q) {
        const auto p = slab_of(other.first_ + static_cast<int>(q) * step);
        auto& to = slabs_[p];
        const auto& from = other.slabs_[q];
        for (std::size_t k = 0; k < slab_cells_; ++k)
            to[k] += from[k];  // whole numbers: sums are exact in any order
        if (options_.cell_key_noise)
            for (std::size_t k = 0; k < slab_cells_; ++k)
                key_slabs_[p][k] += other.key_slabs_[q][k];  // modulo 2^32, in any order
    }
    counted_ += other.counted_;
    other.slabs_.clear(), other.key_slabs_.clear(), other.counted_ = 0;
}

void AggregateCounter::add(const core::IncidentTable& incidents, const std::vector<std::int32_t>& district_of,
                           std::size_t from, std::size_t to, const core::CancelToken* cancel)
{
    // Cancellation: checked every 65,536 incidents (milliseconds apart).
    constexpr std::size_t check_every = std::size_t{1} << 16;
    const auto& bands = options_.age_bands;
    const std::size_t ng = groups_.size(), ns = core::sex_labels().size(),
                      na = core::age_labels(bands).size();
    auto index = [&](std::size_t d, std::size_t g, std::size_t s, std::size_t a) {
        return ((d * ng + g) * ns + s) * na + a;
    };
    auto age_band = [&](std::int16_t age) -> std::size_t {
        if (age < 0)
            return na - 1;
        std::size_t band = 0;
        for (std::size_t b = 0; b < bands.size(); ++b)
            if (age >= bands[b])
                band = b + 1;
        return band == 0 ? na - 1 : band;  // below the first bound: unknown
    };
    // The slab of the last period seen: consecutive records mostly share it.
    int last_start = INT32_MIN;
    double* counts = nullptr;
    std::uint32_t* keys = nullptr;
    for (std::size_t i = from; i < to; ++i) {
        if (cancel && i % check_every == 0)
            cancel->check();
        if (district_of[i] < 0)
            continue;
        ++counted_;
        const int start = period_start(incidents.time[i], options_.period);
        if (start != last_start || !counts) {
            const auto p = slab_of(start);
            counts = slabs_[p].data();
            keys = options_.cell_key_noise ? key_slabs_[p].data() : nullptr;
            last_start = start;
        }
        const std::uint32_t key =
            keys ? record_key(options_.cell_key_secret, core::record_identity(incidents, i)) : 0u;
        auto d = static_cast<std::size_t>(district_of[i]);
        std::size_t s = incidents.sex[i] == core::Sex::man ? 1 : incidents.sex[i] == core::Sex::kvinna ? 2 : 3;
        std::size_t a = age_band(incidents.age[i]);
        for (std::size_t g = 0; g < ng; ++g) {
            if (!(incidents.groups[i] & (1u << g)))
                continue;
            for (std::size_t dd : {d, district_count_})
                for (std::size_t ss : {std::size_t{0}, s})
                    for (std::size_t aa : {std::size_t{0}, a}) {
                        const auto k = index(dd, g, ss, aa);
                        counts[k] += 1;
                        if (keys)
                            keys[k] += key;
                    }
        }
    }
}

AggregateResult AggregateCounter::finish(const core::DistrictLayer& districts, const core::AreaTable* population,
                                         std::uint16_t groups_not_in_source, TimeCoverage coverage,
                                         const core::CancelToken* cancel)
{
    // Cancellation: checked every 65,536 cells (milliseconds apart).
    constexpr std::size_t check_every = std::size_t{1} << 16;
    auto check = [&](std::size_t i) {
        if (cancel && i % check_every == 0)
            cancel->check();
    };
    const auto& options = options_;
    AggregateResult r;
    r.options = options;
    r.district_count = district_count_;
    r.groups = groups_;
    r.sex_labels = core::sex_labels();
    r.age_labels = core::age_labels(options.age_bands);

    // Periods: contiguous from the first to the last used incident (the slabs).
    const int step = period_length(options.period);
    for (std::size_t p = 0; p < slabs_.size(); ++p)
        r.periods.push_back(label_of(first_ + static_cast<int>(p) * step, options.period));

    const std::size_t nd = r.district_count + 1, np = r.periods.size(), ng = r.groups.size(), ns = r.sex_labels.size(),
                      na = r.age_labels.size();
    const std::size_t cell_count = nd * np * ng * ns * na, block = ng * ns * na;
    // The cube orders cells district, period, group, sex, age: each slab's district blocks
    // move to their place, and the slab is freed (the peak stays one cube of counts).
    r.true_counts.assign(cell_count, 0.0);
    std::vector<std::uint32_t> keys;  // cell keys: sums of record keys, wrapping mod 2^32
    if (options.cell_key_noise)
        keys.assign(cell_count, 0u);
    for (std::size_t p = 0; p < np; ++p) {
        check(p << 16);
        for (std::size_t d = 0; d < nd; ++d) {
            std::copy_n(slabs_[p].begin() + static_cast<std::ptrdiff_t>(d * block), block,
                        r.true_counts.begin() + static_cast<std::ptrdiff_t>((d * np + p) * block));
            if (!keys.empty())
                std::copy_n(key_slabs_[p].begin() + static_cast<std::ptrdiff_t>(d * block), block,
                            keys.begin() + static_cast<std::ptrdiff_t>((d * np + p) * block));
        }
        std::vector<double>().swap(slabs_[p]);
        if (!keys.empty())
            std::vector<std::uint32_t>().swap(key_slabs_[p]);
    }
    slabs_.clear(), key_slabs_.clear();

    mark_groups_not_in_source(r, groups_not_in_source);  // missing, never 0

    // Population denominators per district × sex × age label, one set per population year
    // (population_years.hpp: each period its own year, or the nearest).
    r.population_year_of_period = population_year_of_periods(
        r.periods, population && !options.population_year.empty()
                       ? population_table_years(*population, population->column_index(options.population_year))
                       : std::vector<int>{});
    std::map<int, std::vector<double>> pops;
    for (int year : r.population_year_of_period)
        if (!pops.count(year))
            pops[year] = population_denominators(population, districts, options, na, year);
    auto& cube = r.cells;
    cube.districts_ = nd, cube.periods_ = np, cube.groups_ = ng, cube.sexes_ = ns, cube.ages_ = na;
    for (auto& [year, pop] : pops)
        cube.population_.push_back(std::move(pop));
    for (int year : r.population_year_of_period)  // no map look-up per cell
        cube.population_of_period_.push_back(static_cast<std::size_t>(std::distance(pops.begin(), pops.find(year))));
    cube.area_km2_ = districts.area_km2;
    double total_km2 = 0;
    for (double a : districts.area_km2)
        total_km2 += a;
    cube.area_km2_.push_back(total_km2);

    // What is published: the true counts, or with cell-key noise the perturbed ones (rates and
    // change are then computed from perturbed counts, as a reader would).
    cube.counts_ = r.true_counts;
    if (!keys.empty())
        for (std::size_t k = 0; k < cell_count; ++k) {
            check(k);
            cube.counts_[k] += cell_key_perturbation(cube.counts_[k], keys[k]);
        }
    keys = {};
    cube.withheld_.assign(cell_count, 0);
    if (options.suppress_below > 1 && !options.cell_key_noise) {
        auto hidden = hypercube_suppression(r.true_counts, {nd, np, ng, ns, na}, options.suppress_below,
                                            options.threads, cancel);
        protect_lines_of_ones(r.true_counts, hidden, nd, np, ng, ns, na, cancel);  // issue 15: see its header
        cube.withheld_ = std::move(hidden);  // nothing was withheld before
    }
    r.coverage = std::move(coverage);
    r.period_complete = complete_periods(r.coverage, r.periods);
    return r;
}

void add_in_slices(AggregateCounter& counter, const core::IncidentTable& chunk,
                   const std::vector<std::int32_t>& district_of, std::size_t district_count,
                   const AggregateOptions& options, unsigned threads, const core::CancelToken* cancel)
{
    const std::size_t n = chunk.size();
    const std::size_t slices = n < (std::size_t{1} << 18) ? 1 : std::max(1u, threads);
    std::vector<AggregateCounter> parts;
    for (std::size_t k = 1; k < slices; ++k)
        parts.emplace_back(chunk.group_names, district_count, options);
    core::for_each_slice(
        slices, static_cast<unsigned>(slices),
        [&](std::size_t k0, std::size_t k1) {
            for (auto k = k0; k < k1; ++k)
                (k == 0 ? counter : parts[k - 1]).add(chunk, district_of, n * k / slices, n * (k + 1) / slices, cancel);
        },
        1);
    for (auto& part : parts)
        counter.merge(std::move(part));
}

AggregateResult aggregate(const core::IncidentTable& incidents, const std::vector<std::int32_t>& district_of,
                          const core::DistrictLayer& districts, const core::AreaTable* population,
                          const AggregateOptions& options, const core::CancelToken* cancel)
{
    // The coverage is measured beside the count, and the count is split into slices counted
    // on their own threads and merged in order (at 10M records they were half a second in
    // series, issue 20). The result does not depend on the number of threads.
    const unsigned threads = std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency());
    auto coverage = std::async(threads > 1 ? std::launch::async : std::launch::deferred,
                               [&] { return incident_coverage(incidents, options.covered_from, options.covered_to); });
    AggregateCounter counter(incidents.group_names, districts.size(), options);
    add_in_slices(counter, incidents, district_of, districts.size(), options, threads, cancel);
    return counter.finish(districts, population, incidents.groups_not_in_source, coverage.get(), cancel);
}

}  // namespace trygg::stats
