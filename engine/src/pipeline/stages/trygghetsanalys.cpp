// trygghetsanalys: risk and protective factors per district and policy goal, from the
// indicator catalogue and the tables, point factors and crime rates of earlier stages.
#include "factors_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/factors/poisson_interval.hpp>
#include <trygg/pipeline/manifest.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace trygg::pipeline {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void require_path(const ValidationContext& ctx, const std::string& option, const nlohmann::json& value)
{
    auto p = ctx.resolve(value.get<std::string>());
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
        throw core::InputError(ctx.tag + ": " + option + " '" + p.string() + "' not found");
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

// Per-district values of one table column (or "a/b" ratio in percent), with women/men when the
// table is long by sex (a column `kon`). Rule for a long table without a total row: the total
// is the unweighted mean of the men's and women's values.
struct ColumnValues {
    std::vector<double> total, women, men;
    bool by_sex = false;
};

ColumnValues table_values(const StageContext& ctx, const core::AreaTable& t, const core::DistrictLayer& layer,
                          const CodeIndex& code_index, const factors::Indicator& ind)
{
    // Each side of "a/b" may be a sum "a+b+c" of columns.
    std::vector<std::vector<int>> sides;
    std::vector<std::string> side_text;
    if (ind.form == factors::RawForm::ratio) {
        const auto slash = ind.field.find('/');
        side_text = {ind.field.substr(0, slash), ind.field.substr(slash + 1)};
    } else {
        side_text = {ind.field};
    }
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
                ctx.fail_input("indicator '" + ind.id + "' (catalogue line " + std::to_string(ind.line) + "): field '" +
                               n + "' not found in '" + t.source + "' (the fields are: " + list + ")");
            }
            cols.push_back(c);
            if (plus == std::string::npos)
                break;
            start = plus + 1;
        }
        sides.push_back(std::move(cols));
    }
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
    const auto n = layer.size();
    out.total.assign(n, nan);
    if (out.by_sex) {
        out.women.assign(n, nan);
        out.men.assign(n, nan);
    }
    std::vector<char> seen(n, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const int d = code_index(t.key(r));
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
                ctx.fail_data("'" + t.source + "' row " + std::to_string(t.source_rows[r]) + ": key '" + t.key(r) +
                              "' appears twice (and the table has no 'kon' column)");
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

}  // namespace

StageDescriptor TrygghetsanalysStage::descriptor()
{
    return {"trygghetsanalys",
            "Risk and protective factors per district and policy goal: indicators from the catalogue normalised, "
            "turned to risk, weighted into a score per goal; rate ratios with exact Poisson intervals; equality view",
            {{"catalogue", OptionType::path, "geodata/catalog/indikatorer.csv", false,
              "Indicator catalogue (CSV). Its 'kalla' column names the tag of the stage that provides each indicator "
              "(a read.table, reallocate or point_factors table, or an aggregate for crime rates); indicators whose "
              "stage is not in the pipeline are left out and listed"},
             {"indicators", OptionType::array, nlohmann::json::array(), false,
              "Indicator ids to use (default: every catalogue indicator whose stage is in the pipeline)"},
             {"goals", OptionType::array, nlohmann::json::array(), false,
              "Policy goals (1-6) whose indicators are used (default: every goal)"},
             {"normalisation", OptionType::string, "z_score", false,
              "z_score ((x - mean) / sd over the districts) or percentile (0-100, average ranks)"},
             {"min_weight_share", OptionType::number, 0.5, false,
              "Missing-data rule: a goal score is the weighted mean of the indicators the district has; it is left "
              "empty when those carry less than this share of the goal's weight"},
             {"population", OptionType::object, nlohmann::json::object(), false,
              "Population for per_1000 indicators: {\"table\": tag, \"value\": column} (default: the aggregate's)"},
             {"period", OptionType::string, "all", false,
              "Crime rates pooled over: all (every period), latest, a year (2024) or a period label (2024H1)"},
             {"confidence", OptionType::number, 0.95, false, "Confidence level of the rate-ratio intervals"},
             {"csv", OptionType::boolean, true, false,
              "Also write trygghetsanalys.csv, indikatorer.csv and jamlikhet.csv beside the GeoPackage"}},
            {{"districts", true, "the analysis districts"},
             {"aggregate", false, "incident counts (for crime-rate indicators; found by tag as well)"},
             {"table|aggregate", false,
              "the stages the catalogue's 'kalla' tags name (an indicator whose tag is not among them is left out "
              "and listed)",
              true}},
            "trygghetsanalys",
            {{"population", "table", "table"}}};
}

void TrygghetsanalysStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_path(ctx, "catalogue", o["catalogue"]);
    try {
        factors::parse_normalisation(o["normalisation"].get<std::string>());
    } catch (const core::PipelineError& e) {
        throw core::PipelineError(ctx.tag + ": " + e.what());
    }
    const double m = o["min_weight_share"].get<double>();
    if (!(m >= 0 && m <= 1))
        throw core::PipelineError(ctx.tag + ": \"min_weight_share\" must be between 0 and 1");
    const double c = o["confidence"].get<double>();
    if (!(c > 0 && c < 1))
        throw core::PipelineError(ctx.tag + ": \"confidence\" must be between 0 and 1 (e.g. 0.95)");
    for (const auto& g : o["goals"])
        if (!g.is_number_integer() || g.get<int>() < 1 || g.get<int>() > factors::goal_count)
            throw core::PipelineError(ctx.tag + ": \"goals\" must be an array of policy goal numbers 1-" +
                                      std::to_string(factors::goal_count));
    for (const auto& i : o["indicators"])
        if (!i.is_string())
            throw core::PipelineError(ctx.tag + ": \"indicators\" must be an array of indicator ids");
    for (const auto& [k, v] : o["population"].items())
        if ((k != "table" && k != "value") || !v.is_string())
            throw core::PipelineError(ctx.tag + ": \"population\" takes \"table\" (a stage tag) and \"value\" (a column)");
}

std::shared_ptr<const Artifact> TrygghetsanalysStage::run(StageContext& ctx) const
{
    const auto districts = ctx.input<DistrictsArtifact>(0);
    const auto& layer = districts->layer;
    const auto n = layer.size();
    const CodeIndex code_index(layer);
    const auto cat_path = ctx.path_option("catalogue");
    ctx.manifest().record_input(ctx.tag(), cat_path);
    factors::IndicatorCatalogue catalogue;
    try {
        catalogue = factors::read_indicator_catalogue(cat_path.string());
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());
    }
    std::set<std::string> wanted;
    for (const auto& i : ctx.options()["indicators"])
        wanted.insert(i.get<std::string>());
    for (const auto& w : wanted) {
        bool found = false;
        for (const auto& ind : catalogue.indicators)
            found |= ind.id == w;
        if (!found)
            ctx.fail_input("indicator '" + w + "' is not in the catalogue '" + cat_path.string() + "'");
    }
    std::set<int> goals;
    for (const auto& g : ctx.options()["goals"])
        goals.insert(g.get<int>());
    // The sources, as plan() resolved them: the catalogue's tags and "population"'s table.
    std::map<std::string, std::shared_ptr<const Artifact>> by_tag;
    for (const auto& in : ctx.named_inputs())
        by_tag[in.tag] = in.artifact;
    auto aggregate_input = ctx.input<AggregateArtifact>(1);

    // Population per district: {"table", "value"} or the aggregate's.
    std::vector<double> population(n, nan);
    const auto& pop_opt = ctx.options()["population"];
    if (pop_opt.contains("table")) {
        const auto tag = pop_opt["table"].get<std::string>();
        auto t = std::dynamic_pointer_cast<const TableArtifact>(by_tag[tag]);
        if (!t)
            ctx.fail_input("\"population\": no table stage tagged '" + tag + "'");
        const int c = t->table.column_index(pop_opt.value("value", ""));
        if (c < 0)
            ctx.fail_input("\"population\": field '" + pop_opt.value("value", "") + "' not found in '" +
                           t->table.source + "'");
        for (std::size_t r = 0; r < t->table.rows.size(); ++r) {
            const int d = code_index(t->table.key(r));
            if (d >= 0)
                population[d] = core::parse_number(t->table.rows[r][c]).value_or(nan);
        }
    } else if (aggregate_input && !aggregate_input->result.periods.empty()) {
        const auto& r = aggregate_input->result;
        population = r.district_population(static_cast<int>(r.periods.size()) - 1);
    }

    auto artifact = std::make_shared<TrygghetsanalysArtifact>();
    artifact->districts = districts;
    artifact->catalogue_source = cat_path.string();
    artifact->normalisation = factors::parse_normalisation(ctx.option<std::string>("normalisation"));
    artifact->confidence = ctx.option<double>("confidence");
    artifact->csv = ctx.option<bool>("csv");
    const bool internal = ctx.settings().privacy == Privacy::internal;

    for (const auto& ind : catalogue.indicators) {
        if ((!wanted.empty() && !wanted.count(ind.id)) || (!goals.empty() && !goals.count(ind.goal)))
            continue;
        ++artifact->catalogue_count[ind.goal - 1];
        auto it = by_tag.find(ind.source);
        if (it == by_tag.end()) {
            artifact->unavailable.push_back(ind.id + ": no stage tagged '" + ind.source + "' in the pipeline");
            continue;
        }
        IndicatorResult res;
        res.def = ind;
        if (auto agg = std::dynamic_pointer_cast<const AggregateArtifact>(it->second)) {
            const auto& r = agg->result;
            if (ind.form != factors::RawForm::rate)
                ctx.fail_input("indicator '" + ind.id + "': source '" + ind.source +
                               "' is an aggregate; its normalisering must be brott_per_1000");
            const int g = r.group_index(ind.field);
            if (g < 0) {
                std::string list;
                for (const auto& gg : r.groups)
                    list += (list.empty() ? "" : ", ") + gg;
                ctx.fail_input("indicator '" + ind.id + "': crime group '" + ind.field + "' not in '" + ind.source +
                               "' (the groups are: " + list + ")");
            }
            res.source_file = agg->assigned->incidents->table.source;
            res.is_rate = true;
            // Periods pooled.
            std::vector<int> periods;
            const auto sel = ctx.option<std::string>("period");
            for (std::size_t p = 0; p < r.periods.size(); ++p)
                if (sel == "all" || (sel == "latest" && p + 1 == r.periods.size()) || r.periods[p] == sel ||
                    (sel.size() == 4 && r.periods[p].rfind(sel, 0) == 0))
                    periods.push_back(static_cast<int>(p));
            if (periods.empty())
                ctx.fail_input("\"period\": '" + sel + "' matches no period of '" + ind.source + "'");
            const double years = period_years(r.options.period) * static_cast<double>(periods.size());
            const auto pop = r.district_population(periods.back());
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
                artifact->unavailable.push_back(ind.id + ": no incidents of group '" + ind.field + "' in '" +
                                                res.source_file + "'");
                continue;
            }
            const double muni_rate = tp > 0 ? tc / (tp * years) : nan;  // per person-year
            res.municipal = muni_rate * 1000.0;
            res.raw.assign(n, nan);
            res.count = counts;
            res.expected.assign(n, nan);
            res.ratio.assign(n, nan);
            res.ratio_low.assign(n, nan);
            res.ratio_high.assign(n, nan);
            res.suppressed.assign(n, 0);
            const int threshold = internal ? 0 : r.options.suppress_below;
            for (std::size_t d = 0; d < n; ++d) {
                if (!(pop[d] > 0))
                    continue;
                res.raw[d] = 1000.0 * counts[d] / (pop[d] * years);
                res.expected[d] = pop[d] * years * muni_rate;
                const auto rr = factors::rate_ratio(counts[d], res.expected[d], artifact->confidence);
                res.ratio[d] = rr.ratio;
                res.ratio_low[d] = rr.interval.lower;
                res.ratio_high[d] = rr.interval.upper;
                res.suppressed[d] = counts[d] > 0 && counts[d] < threshold;
                // The pooled count minus the published periods would reveal a withheld period
                // cell: publish it only when every period's count is published.
                if (!internal)
                    for (int p : periods)
                        if (const auto* cell = r.find(static_cast<int>(d), p, g, 0, 0); cell && cell->suppressed)
                            res.suppressed[d] = 1;
            }
            // Victims by sex, where the population is known by sex (cells with population).
            std::vector<double> w(n, 0.0), m(n, 0.0), wp(n, nan), mp(n, nan);
            std::vector<std::uint8_t> sex_withheld(n, 0);
            for (std::size_t d = 0; d < n; ++d)
                for (int p : periods)
                    for (int s : {1, 2}) {
                        const auto* cell = r.find(static_cast<int>(d), p, g, s, 0);
                        if (!cell)
                            continue;
                        sex_withheld[d] |= cell->suppressed ? 1 : 0;
                        const auto idx = static_cast<std::size_t>(cell - r.cells.data());
                        const double c = idx < r.true_counts.size() && !r.options.cell_key_noise ? r.true_counts[idx]
                                                                                                 : cell->count;
                        (s == 2 ? w : m)[d] += c;
                        if (p == periods.back())
                            (s == 2 ? wp : mp)[d] = cell->population;
                    }
            // Only when the population is known by sex and the group has victims with a sex
            // (drug crime has none: no women/men view rather than 0 against 0).
            bool any_sex_pop = false;
            double victims = 0;
            for (std::size_t d = 0; d < n; ++d) {
                any_sex_pop |= wp[d] > 0 && mp[d] > 0;
                victims += w[d] + m[d];
            }
            any_sex_pop = any_sex_pop && victims > 0;
            if (any_sex_pop) {
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
                // A district's rate by sex reveals its victims by sex: published only where
                // the aggregate published every period's cell of that sex and neither pooled
                // count is small (women = all - men - unknown, so both go together).
                if (!internal)
                    for (std::size_t d = 0; d < n; ++d) {
                        auto small = [&](double c) { return c > 0 && c < threshold; };
                        if (sex_withheld[d] || small(w[d]) || small(m[d]) || res.suppressed[d])
                            res.women[d] = res.men[d] = nan;
                    }
            }
        } else if (auto tab = std::dynamic_pointer_cast<const TableArtifact>(it->second)) {
            if (ind.form == factors::RawForm::rate)
                ctx.fail_input("indicator '" + ind.id + "': normalisering brott_per_1000 needs an aggregate stage, "
                               "and '" + ind.source + "' is a table");
            const auto& t = tab->table;
            res.source_file = t.source;
            auto cv = table_values(ctx, t, layer, code_index, ind);
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
                    const int d = code_index(t.key(r));
                    if (d >= 0)
                        res.coverage[d] = core::parse_number(t.rows[r][cov]).value_or(nan);
                }
            }
            for (std::size_t d = 0; d < n; ++d) {
                if (ind.form == factors::RawForm::per_1000) {
                    res.raw[d] = population[d] > 0 ? 1000.0 * res.raw[d] / population[d] : nan;
                } else if (ind.form == factors::RawForm::per_km2) {
                    res.raw[d] = layer.area_km2[d] > 0 ? res.raw[d] / layer.area_km2[d] : nan;
                }
            }
            if (ind.form == factors::RawForm::per_1000) {
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
        } else {
            ctx.fail_input("indicator '" + ind.id + "': stage '" + ind.source + "' gives a '" + it->second->kind() +
                           "', not a table or an aggregate");
        }
        std::size_t have = 0;
        for (double v : res.raw)
            have += std::isfinite(v);
        if (have == 0) {
            artifact->unavailable.push_back(ind.id + ": no district has a value");
            ctx.warn("indicator '" + ind.id + "' has no value for any district; left out");
            continue;
        }
        artifact->indicators.push_back(std::move(res));
    }
    if (!goals.empty() && std::none_of(catalogue.indicators.begin(), catalogue.indicators.end(),
                                       [&](const factors::Indicator& i) { return goals.count(i.goal) > 0; }))
        ctx.fail_input("\"goals\": no indicator of '" + cat_path.string() + "' belongs to the goals asked for");
    if (artifact->indicators.empty())
        ctx.fail_input("no indicator of '" + cat_path.string() + "' is available: their 'kalla' tags (" +
                       [&] {
                           std::string s;
                           std::set<std::string> tags;
                           for (const auto& i : catalogue.indicators)
                               tags.insert(i.source);
                           for (const auto& t : tags)
                               s += (s.empty() ? "" : ", ") + t;
                           return s;
                       }() +
                       ") name no stage of the pipeline");
    for (const auto& u : artifact->unavailable)
        ctx.info("not available: " + u);

    // Published scores must not carry withheld counts: in publication mode a withheld value
    // is missing to the index too (normalisation, ranks and goal scores), as it is to a reader.
    std::vector<factors::IndicatorValues> values;
    for (const auto& r : artifact->indicators) {
        auto raw = r.raw;
        if (!internal)
            for (std::size_t d = 0; d < n && d < r.suppressed.size(); ++d)
                if (r.suppressed[d])
                    raw[d] = nan;
        values.push_back({r.def.goal, r.def.direction, r.def.weight, std::move(raw)});
    }
    factors::GoalIndexOptions go;
    go.normalisation = artifact->normalisation;
    go.min_weight_share = ctx.option<double>("min_weight_share");
    artifact->index = factors::goal_index(values, n, go);
    ctx.info(std::to_string(artifact->indicators.size()) + " indicators available, " +
             std::to_string(artifact->unavailable.size()) + " not");
    return artifact;
}

}  // namespace trygg::pipeline
