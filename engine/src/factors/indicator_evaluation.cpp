// SPDX-License-Identifier: MIT
#include <trygg/factors/indicator_evaluation.hpp>

#include <trygg/core/error.hpp>
#include <trygg/factors/poisson_interval.hpp>
#include <trygg/factors/published_pooled_count.hpp>
#include <trygg/stats/source_coverage.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace trygg::factors {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

using CodeIndex = std::unordered_map<std::string, int>;

int district_of(const CodeIndex& index, const std::string& code)
{
    auto it = index.find(code);
    return it == index.end() ? -1 : it->second;
}

double period_years(stats::PeriodKind k)
{
    switch (k) {
    case stats::PeriodKind::month: return 1.0 / 12.0;
    case stats::PeriodKind::quarter: return 0.25;
    case stats::PeriodKind::half_year: return 0.5;
    case stats::PeriodKind::year: return 1.0;
    }
    return 1.0;
}

bool is_total_label(const std::string& s) { return s == "totalt" || s == "alla" || s == "samtliga" || s == "Totalt"; }

// A column by its exact name, else the one whose SCB header path ends in it ("2022 | förgymnasial
// utbildning" for "förgymnasial utbildning"), so a catalogue need not name the year.
int find_column(const core::AreaTable& t, const std::string& name)
{
    const int exact = t.column_index(name);
    if (exact >= 0)
        return exact;
    int found = -1;
    const std::string tail = " | " + name;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        if (c.size() > tail.size() && c.compare(c.size() - tail.size(), tail.size(), tail) == 0) {
            if (found >= 0)
                return -1;  // ambiguous
            found = static_cast<int>(i);
        }
    }
    return found;
}

// The columns of each side of "a/b" (or of the one field), each side a sum "a+b+c".
std::vector<std::vector<int>> field_columns(const core::AreaTable& t, const Indicator& ind)
{
    std::vector<std::string> side_text;
    if (ind.form == RawForm::ratio) {
        const auto slash = ind.field.find('/');
        side_text = {ind.field.substr(0, slash), ind.field.substr(slash + 1)};
    } else {
        side_text = {ind.field};
    }
    std::vector<std::vector<int>> sides;
    for (const auto& text : side_text) {
        std::vector<int> cols;
        std::size_t start = 0;
        while (true) {
            const auto plus = text.find('+', start);
            const auto n = text.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
            const int c = find_column(t, n);
            if (c < 0) {
                std::string list;
                for (const auto& cc : t.columns)
                    list += (list.empty() ? "" : ", ") + cc;
                throw core::InputError("indicator '" + ind.id + "' (catalogue line " + std::to_string(ind.line) +
                                       "): field '" + n + "' not found in '" + t.source + "' (the fields are: " +
                                       list + ")");
            }
            cols.push_back(c);
            if (plus == std::string::npos)
                break;
            start = plus + 1;
        }
        sides.push_back(std::move(cols));
    }
    return sides;
}

// Per-district values of one table column (or "a/b" ratio in percent), with women/men when the
// table is long by sex (a column `kon`). Rule for a long table without a total row: the total
// is the unweighted mean of the men's and women's values.
struct ColumnValues {
    std::vector<double> total, women, men;
    bool by_sex = false;
};

ColumnValues table_values(const core::AreaTable& t, std::size_t n, const CodeIndex& code_index, const Indicator& ind)
{
    const auto sides = field_columns(t, ind);
    auto side_value = [&](std::size_t r, const std::vector<int>& cols) -> std::optional<double> {
        double sum = 0;
        for (int c : cols) {
            auto v = core::parse_number(t.rows[r][c]);
            if (!v)
                return std::nullopt;
            sum += *v;
        }
        return sum;
    };
    const int sex_col = t.column_index("kon");
    ColumnValues out;
    out.by_sex = sex_col >= 0;
    out.total.assign(n, nan);
    if (out.by_sex) {
        out.women.assign(n, nan);
        out.men.assign(n, nan);
    }
    std::vector<char> seen(n, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const int d = district_of(code_index, t.key(r));
        if (d < 0)
            continue;
        double v = nan;
        auto a = side_value(r, sides[0]);
        if (sides.size() == 2) {
            auto b = side_value(r, sides[1]);
            if (a && b && *b > 0)
                v = 100.0 * *a / *b;
        } else if (a) {
            v = *a;
        }
        if (!out.by_sex) {
            if (seen[d])
                throw core::DataError("'" + t.source + "' row " + std::to_string(t.source_rows[r]) + ": key '" +
                                      t.key(r) + "' appears twice (and the table has no 'kon' column)");
            seen[d] = 1;
            out.total[d] = v;
            continue;
        }
        const auto& sex = t.rows[r][sex_col];
        if (is_total_label(sex))
            out.total[d] = v;
        else if (sex == "kvinna" || sex == "kvinnor" || sex == "K")
            out.women[d] = v;
        else if (sex == "man" || sex == "män" || sex == "M")
            out.men[d] = v;
    }
    if (out.by_sex)
        for (std::size_t d = 0; d < n; ++d)
            if (!std::isfinite(out.total[d]) && std::isfinite(out.women[d]) && std::isfinite(out.men[d]))
                out.total[d] = (out.women[d] + out.men[d]) / 2.0;
    return out;
}

double mean_of(const std::vector<double>& v)
{
    double s = 0;
    int n = 0;
    for (double x : v)
        if (std::isfinite(x)) {
            s += x;
            ++n;
        }
    return n ? s / n : nan;
}

// The periods pooled for a crime rate (indexes into r.periods).
std::vector<int> pooled_periods(const stats::AggregateResult& r, const std::string& sel, const Indicator& ind)
{
    std::vector<int> periods;
    // "first..last": the periods with labels in that range (labels of one period length sort
    // in time order: 2019H1, 2019Q3, 2019-07); used by the validation's windows.
    if (const auto dots = sel.find(".."); dots != std::string::npos) {
        const auto first = sel.substr(0, dots), last = sel.substr(dots + 2);
        for (std::size_t p = 0; p < r.periods.size(); ++p)
            if (r.periods[p] >= first && r.periods[p] <= last)
                periods.push_back(static_cast<int>(p));
        if (periods.empty())
            throw core::InputError("\"period\": '" + sel + "' matches no period of '" + ind.source + "'");
        return periods;
    }
    for (std::size_t p = 0; p < r.periods.size(); ++p)
        if (sel == "all" || (sel == "latest" && static_cast<int>(p) == r.period_index("latest")) || r.periods[p] == sel ||
            (sel.size() == 4 && r.periods[p].rfind(sel, 0) == 0))
            periods.push_back(static_cast<int>(p));
    if (periods.empty())
        throw core::InputError("\"period\": '" + sel + "' matches no period of '" + ind.source + "'");
    return periods;
}

// The mean population over the pooled periods per district (times `years` it is the
// person-years): each period's own population, NaN where no pooled period has one.
std::vector<double> pooled_population(const stats::AggregateResult& r, const std::vector<int>& periods,
                                      int sex = 0)
{
    const auto n = r.district_count;
    std::vector<double> sum(n, 0.0), mean(n, nan);
    std::vector<int> known(n, 0);
    for (int p : periods)
        for (std::size_t d = 0; d < n; ++d) {
            const auto c = sex == 0 ? r.find(static_cast<int>(d), p, 0) : r.find(static_cast<int>(d), p, 0, sex, 0);
            if (c && c->population > 0) {
                sum[d] += c->population;
                ++known[d];
            }
        }
    for (std::size_t d = 0; d < n; ++d)
        if (known[d] > 0)
            mean[d] = known[d] == 1 ? sum[d] : sum[d] / known[d];
    return mean;
}

// Victims by sex, where the population is known by sex (cells with population): rates for
// women and men, published only where nothing about the district's victims is withheld.
void rates_by_sex(const stats::AggregateResult& r, int g, const std::vector<int>& periods, double years,
                  int threshold, bool internal, IndicatorResult& res)
{
    const auto n = res.raw.size();
    std::vector<double> w(n, 0.0), m(n, 0.0), wp(n, nan), mp(n, nan);
    std::vector<std::uint8_t> sex_withheld(n, 0);
    for (std::size_t d = 0; d < n; ++d)
        for (int p : periods)
            for (int s : {1, 2}) {
                const auto idx = r.index(static_cast<int>(d), p, g, s, 0);
                if (idx == stats::AggregateResult::npos)
                    continue;
                const auto cell = r.cells[idx];
                sex_withheld[d] |= cell.suppressed ? 1 : 0;
                const double c =
                    idx < r.true_counts.size() && !r.options.cell_key_noise ? r.true_counts[idx] : cell.count;
                (s == 2 ? w : m)[d] += c;
            }
    // Each pooled period's own population by sex (see pooled_population).
    wp = pooled_population(r, periods, 2);
    mp = pooled_population(r, periods, 1);
    // Only when the population is known by sex and the group has victims with a sex
    // (drug crime has none: no women/men view rather than 0 against 0).
    bool any_sex_pop = false;
    double victims = 0;
    for (std::size_t d = 0; d < n; ++d) {
        any_sex_pop |= wp[d] > 0 && mp[d] > 0;
        victims += w[d] + m[d];
    }
    if (!(any_sex_pop && victims > 0))
        return;
    res.women.assign(n, nan);
    res.men.assign(n, nan);
    double tw = 0, tm = 0, pw = 0, pm = 0;
    for (std::size_t d = 0; d < n; ++d)
        if (wp[d] > 0 && mp[d] > 0) {
            res.women[d] = 1000.0 * w[d] / (wp[d] * years);
            res.men[d] = 1000.0 * m[d] / (mp[d] * years);
            tw += w[d];
            tm += m[d];
            pw += wp[d];
            pm += mp[d];
        }
    res.municipal_women = pw > 0 ? 1000.0 * tw / (pw * years) : nan;
    res.municipal_men = pm > 0 ? 1000.0 * tm / (pm * years) : nan;
    // A district's rate by sex reveals its victims by sex: published only where the aggregate
    // published every period's cell of that sex and neither pooled count is small (women =
    // all - men - unknown, so both go together).
    if (!internal)
        for (std::size_t d = 0; d < n; ++d) {
            auto small = [&](double c) { return c > 0 && c < threshold; };
            if (sex_withheld[d] || small(w[d]) || small(m[d]) || res.suppressed[d])
                res.women[d] = res.men[d] = nan;
        }
}

// Crime group per 1,000 inhabitants per year, pooled over the chosen periods, with the rate
// ratio against the municipal rate. Empty optional when the group has no incidents.
std::optional<IndicatorResult> rate_indicator(const Indicator& ind, const stats::AggregateResult& r,
                                              const std::string& incidents_file, std::size_t n,
                                              const IndicatorOptions& options, std::string& unavailable)
{
    if (ind.form != RawForm::rate)
        throw core::InputError("indicator '" + ind.id + "': source '" + ind.source +
                               "' is an aggregate; its normalisering must be brott_per_1000");
    const int g = r.group_index(ind.field);
    if (g < 0) {
        std::string list;
        for (const auto& gg : r.groups)
            list += (list.empty() ? "" : ", ") + gg;
        throw core::InputError("indicator '" + ind.id + "': crime group '" + ind.field + "' not in '" + ind.source +
                               "' (the groups are: " + list + ")");
    }
    if (static_cast<std::size_t>(g) < r.not_in_source.size() && r.not_in_source[static_cast<std::size_t>(g)]) {
        // Issue 15: a group the source does not cover has no counts, not zero counts.
        unavailable = ind.id + ": crime group '" + ind.field + "' is not in the source '" + incidents_file +
                      "' (" + stats::not_in_source_text + ")";
        return std::nullopt;
    }
    IndicatorResult res;
    res.def = ind;
    res.source_file = incidents_file;
    res.is_rate = true;
    const auto periods = pooled_periods(r, options.period, ind);
    // Person-years: each pooled period's own population (population by year) times its length,
    // not the last period's population for all of them. A period without a population for
    // the district takes the mean of the pooled periods that have one.
    const double years = period_years(r.options.period) * static_cast<double>(periods.size());
    const auto pop = pooled_population(r, periods);
    std::vector<double> counts(n, 0.0);
    for (int p : periods) {
        auto c = r.district_counts(g, p);
        for (std::size_t d = 0; d < n && d < c.size(); ++d)
            counts[d] += c[d];
    }
    double tc = 0, tp = 0;
    for (std::size_t d = 0; d < n; ++d)
        if (pop[d] > 0) {
            tc += counts[d];
            tp += pop[d];
        }
    if (tc == 0) {
        unavailable = ind.id + ": no incidents of group '" + ind.field + "' in '" + res.source_file + "'";
        return std::nullopt;
    }
    res.raw.assign(n, nan);
    res.count = counts;
    res.expected.assign(n, nan);
    res.ratio.assign(n, nan);
    res.ratio_low.assign(n, nan);
    res.ratio_high.assign(n, nan);
    res.suppressed.assign(n, 0);
    res.estimated.assign(n, 0);
    const int threshold = options.internal ? 0 : r.options.suppress_below;
    // Published runs with suppression: rates, scores and ranks rest on what a reader of the
    // published cells can compute (a withheld cell estimated from its period's margin), so
    // every district is ranked and none of it reveals a withheld count.
    const bool from_published = !options.internal && !r.options.cell_key_noise;
    std::vector<double> rate_counts = counts;
    double rate_total = tc;
    if (from_published) {
        const auto pub = published_pooled_counts(r, g, periods);
        rate_counts = pub.count;
        res.estimated = pub.estimated;
        rate_total = 0;
        for (std::size_t d = 0; d < n; ++d)
            if (pop[d] > 0)
                rate_total += rate_counts[d];
        // Equal up to rounding: the same published totals summed in another order. Keep the
        // true sum's rounding, so that figures without an estimate stay byte-identical.
        if (std::abs(rate_total - tc) <= 1e-9 * std::max(1.0, tc))
            rate_total = tc;
    }
    const double rate_muni = tp > 0 ? rate_total / (tp * years) : nan;
    res.municipal = rate_muni * 1000.0;
    for (std::size_t d = 0; d < n; ++d) {
        if (!(pop[d] > 0))
            continue;
        res.raw[d] = 1000.0 * rate_counts[d] / (pop[d] * years);
        res.expected[d] = pop[d] * years * rate_muni;
        const auto rr = rate_ratio(rate_counts[d], res.expected[d], options.confidence);
        res.ratio[d] = rr.ratio;
        res.ratio_low[d] = rr.interval.lower;
        res.ratio_high[d] = rr.interval.upper;
        res.suppressed[d] = counts[d] > 0 && counts[d] < threshold;
        // The pooled count minus the published periods would reveal a withheld period
        // cell: publish it only when every period's count is published.
        if (!options.internal)
            for (int p : periods)
                if (const auto cell = r.find(static_cast<int>(d), p, g, 0, 0); cell && cell->suppressed)
                    res.suppressed[d] = 1;
        // An exact interval is for an observed count, not for an estimate.
        if (res.estimated[d])
            res.ratio_low[d] = res.ratio_high[d] = nan;
    }
    rates_by_sex(r, g, periods, years, threshold, options.internal, res);
    return res;
}

// A table column (or ratio), per 1,000 inhabitants or per km² as the catalogue says.
IndicatorResult table_indicator(const Indicator& ind, const core::AreaTable& t, const core::DistrictLayer& layer,
                                const std::vector<double>& population)
{
    if (ind.form == RawForm::rate)
        throw core::InputError("indicator '" + ind.id + "': normalisering brott_per_1000 needs an aggregate stage, "
                               "and '" + ind.source + "' is a table");
    const auto n = layer.size();
    const auto code_index = layer.code_index();
    IndicatorResult res;
    res.def = ind;
    res.source_file = t.source;
    auto cv = table_values(t, n, code_index, ind);
    res.raw = cv.total;
    if (cv.by_sex) {
        res.women = cv.women;
        res.men = cv.men;
        res.municipal_women = mean_of(cv.women);
        res.municipal_men = mean_of(cv.men);
    }
    const int cov = t.column_index("tackning");
    if (cov >= 0) {
        res.coverage.assign(n, nan);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const int d = district_of(code_index, t.key(r));
            if (d >= 0)
                res.coverage[d] = core::parse_number(t.rows[r][cov]).value_or(nan);
        }
    }
    for (std::size_t d = 0; d < n; ++d) {
        if (ind.form == RawForm::per_1000) {
            res.raw[d] = population[d] > 0 ? 1000.0 * res.raw[d] / population[d] : nan;
        } else if (ind.form == RawForm::per_km2) {
            res.raw[d] = layer.area_km2[d] > 0 ? res.raw[d] / layer.area_km2[d] : nan;
        }
    }
    if (ind.form == RawForm::per_1000) {
        double tv = 0, tp = 0;
        for (std::size_t d = 0; d < n; ++d)
            if (std::isfinite(res.raw[d])) {
                tv += res.raw[d] * population[d] / 1000.0;
                tp += population[d];
            }
        res.municipal = tp > 0 ? 1000.0 * tv / tp : nan;
        res.women.clear();
        res.men.clear();
    } else {
        res.municipal = mean_of(res.raw);
    }
    return res;
}

}  // namespace

IndicatorOutcome evaluate_indicator(const Indicator& indicator, const IndicatorSource& source,
                                    const core::DistrictLayer& districts, const std::vector<double>& population,
                                    const IndicatorOptions& options)
{
    IndicatorOutcome out;
    if (source.aggregate)
        out.result = rate_indicator(indicator, *source.aggregate, source.incidents_file, districts.size(), options,
                                    out.unavailable);
    else if (source.table)
        out.result = table_indicator(indicator, *source.table, districts, population);
    else
        throw core::InputError("indicator '" + indicator.id + "': its source '" + indicator.source +
                               "' gives neither a table nor an aggregate");
    if (!out.result)
        return out;
    std::size_t have = 0;
    for (double v : out.result->raw)
        have += std::isfinite(v);
    if (have == 0) {
        out.result.reset();
        out.unavailable = indicator.id + ": no district has a value";
        out.warning = "indicator '" + indicator.id + "' has no value for any district; left out";
    }
    return out;
}

std::vector<IndicatorValues> index_values(const std::vector<IndicatorResult>& indicators, std::size_t districts,
                                          bool internal)
{
    std::vector<IndicatorValues> values;
    for (const auto& r : indicators) {
        auto raw = r.raw;
        // A withheld count with a published estimate is scored on the estimate (a function of
        // published numbers); one without is missing.
        if (!internal)
            for (std::size_t d = 0; d < districts && d < r.suppressed.size(); ++d)
                if (r.suppressed[d] && !(d < r.estimated.size() && r.estimated[d]))
                    raw[d] = nan;
        values.push_back({r.def.goal, r.def.direction, r.def.weight, std::move(raw)});
    }
    return values;
}

}  // namespace trygg::factors
