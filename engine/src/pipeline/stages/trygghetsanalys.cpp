// SPDX-License-Identifier: MIT
// trygghetsanalys: risk and protective factors per district and policy goal, from the
// indicator catalogue and the tables, point factors and crime rates of earlier stages.
#include "factors_stages.hpp"
#include "option_reader.hpp"
#include "trygghetsanalys_validation.hpp"

#include <trygg/core/error.hpp>
#include <trygg/factors/goal_consistency.hpp>
#include <trygg/factors/index_uncertainty.hpp>
#include <trygg/factors/indicator_evaluation.hpp>
#include <trygg/io/catalogue_reader.hpp>
#include <trygg/pipeline/manifest.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
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

// The catalogue's distinct 'kalla' tags, sorted: "a, b, c".
std::string source_tags(const factors::IndicatorCatalogue& catalogue)
{
    std::set<std::string> tags;
    for (const auto& i : catalogue.indicators)
        tags.insert(i.source);
    std::string s;
    for (const auto& t : tags)
        s += (s.empty() ? "" : ", ") + t;
    return s;
}

// factors::evaluate_indicator with its errors named by this stage.
factors::IndicatorOutcome evaluate(const StageContext& ctx, const factors::Indicator& ind,
                                   const factors::IndicatorSource& source, const core::DistrictLayer& layer,
                                   const std::vector<double>& population, const factors::IndicatorOptions& options)
{
    try {
        return factors::evaluate_indicator(ind, source, layer, population, options);
    } catch (const core::DataError& e) {
        ctx.fail_data(e.what());
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());
    }
    return {};
}

std::string format_share(const nlohmann::json& v)
{
    if (!v.is_number())
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v.get<double>());
    return buf;
}

// Per indicator from a reallocated table (a survey moved onto the districts): the districts
// with a value, their mean reallocation coverage, and the respondents behind the shares
// when the catalogue names the source's base column ('bas'), summed over the source's rows.
nlohmann::json survey_report(const std::vector<factors::IndicatorResult>& indicators,
                             const std::map<std::string, std::shared_ptr<const Artifact>>& by_tag)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& r : indicators) {
        if (r.coverage.empty())
            continue;
        int have = 0;
        double cov = 0;
        for (std::size_t d = 0; d < r.raw.size(); ++d)
            if (std::isfinite(r.raw[d])) {
                ++have;
                cov += std::isfinite(r.coverage[d]) ? r.coverage[d] : 0.0;
            }
        nlohmann::json base = nullptr;
        auto it = by_tag.find(r.def.source);
        auto tab = it == by_tag.end() ? nullptr : std::dynamic_pointer_cast<const TableArtifact>(it->second);
        // A reallocated survey holds only its moved columns: the base is in the table it was read from.
        if (auto moved = std::dynamic_pointer_cast<const ReallocatedArtifact>(tab); moved && moved->source_table &&
                                                                                  moved->table.column_index(r.def.base_field) < 0)
            tab = moved->source_table;
        if (!r.def.base_field.empty() && tab) {
            const int c = tab->table.column_index(r.def.base_field);
            double sum = 0;
            for (const auto& row : tab->table.rows)
                if (c >= 0)
                    sum += core::parse_number(row[c]).value_or(0.0);
            if (c >= 0)
                base = sum;
        }
        out[r.def.id] = {{"source", r.def.source},
                         {"districts", have},
                         {"coverage_mean", have ? nlohmann::json(cov / have) : nlohmann::json(nullptr)},
                         {"base", base}};
    }
    return out;
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
             {"uncertainty", OptionType::object, nlohmann::json::object(), false,
              "Monte Carlo over the index's choices (normalisation, weights within vikt_min..vikt_max, arithmetic or "
              "geometric aggregation, missing-data rule, reallocation weighting): {\"draws\": 1000, \"seed\": run "
              "seed, \"alternatives\": {\"tag\": \"tag of the same table reallocated with the other weighting\"}}; "
              "publishes median and 90 % rank intervals per goal and for risk_total, and the table 'kanslighet' "
              "(default: none)"},
             {"validation", OptionType::object, nlohmann::json::object(), false,
              "Out-of-sample validation: {\"split\": \"middle\" | the last earlier period, e.g. \"2020H2\"}: the index "
              "with crime rates of the earlier complete periods against crime in the later ones (Spearman, AUC for the "
              "top quartile), beside the earlier crime rate alone; table 'validering' (default: none)"},
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

namespace {

// The options of one trygghetsanalys stage, parsed and checked once (validate and run both use it).
struct TrygghetsanalysOptions {
    std::filesystem::path catalogue;
    std::set<std::string> indicators;  // empty: every available one
    std::set<int> goals;               // empty: every goal
    factors::Normalisation normalisation = factors::Normalisation::z_score;
    double min_weight_share = 0.5;
    std::optional<std::string> population_table;  // none: the aggregate's population
    std::string population_value;
    std::string period;
    double confidence = 0.95;
    bool csv = true;
    int draws = 0;  // 0: no uncertainty analysis
    std::optional<std::uint64_t> seed;
    std::map<std::string, std::string> alternatives;  // source tag -> its other reallocation weighting
    std::optional<std::string> validation_split;      // "middle" or a period label; none: no validation
};

TrygghetsanalysOptions parse_trygghetsanalys_options(const nlohmann::json& o, const ValidationContext& ctx)
{
    const OptionReader r(o, ctx.tag);
    TrygghetsanalysOptions out;
    out.catalogue = ctx.resolve(r.string("catalogue"));
    try {
        out.normalisation = factors::parse_normalisation(r.string("normalisation"));
    } catch (const core::PipelineError& e) {
        r.fail(e.what());
    }
    out.min_weight_share = r.json("min_weight_share").get<double>();
    if (!(out.min_weight_share >= 0 && out.min_weight_share <= 1))
        r.fail("\"min_weight_share\" must be between 0 and 1");
    out.confidence = r.json("confidence").get<double>();
    if (!(out.confidence > 0 && out.confidence < 1))
        r.fail("\"confidence\" must be between 0 and 1 (e.g. 0.95)");
    // Compared as 64-bit numbers: 4294967297 must not wrap to goal 1.
    for (const auto& g : r.json("goals")) {
        const bool ok = (g.is_number_unsigned() && g.get<std::uint64_t>() >= 1 &&
                         g.get<std::uint64_t>() <= static_cast<std::uint64_t>(factors::goal_count)) ||
                        (g.is_number_integer() && !g.is_number_unsigned() && g.get<std::int64_t>() >= 1 &&
                         g.get<std::int64_t>() <= factors::goal_count);
        if (!ok)
            r.fail("\"goals\" must be an array of policy goal numbers 1-" + std::to_string(factors::goal_count) +
                   ", got " + g.dump());
        out.goals.insert(static_cast<int>(g.get<std::int64_t>()));
    }
    for (const auto& i : r.json("indicators")) {
        if (!i.is_string())
            r.fail("\"indicators\" must be an array of indicator ids");
        out.indicators.insert(i.get<std::string>());
    }
    for (const auto& [k, v] : r.json("population").items())
        if ((k != "table" && k != "value") || !v.is_string())
            r.fail("\"population\" takes \"table\" (a stage tag) and \"value\" (a column)");
    const auto& pop = r.json("population");
    if (pop.contains("table"))
        out.population_table = pop["table"].get<std::string>();
    out.population_value = pop.value("value", "");
    out.period = r.string("period");
    out.csv = r.boolean("csv");
    for (const auto& [k, v] : r.json("uncertainty").items()) {
        if (k == "draws") {
            if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 1000000)
                r.fail("\"uncertainty\": \"draws\" must be a whole number 1-1000000, got " + v.dump());
            out.draws = static_cast<int>(v.get<std::int64_t>());
        } else if (k == "seed") {
            if (!v.is_number_unsigned())
                r.fail("\"uncertainty\": \"seed\" must be a whole number >= 0, got " + v.dump());
            out.seed = v.get<std::uint64_t>();
        } else if (k == "alternatives") {
            if (!v.is_object())
                r.fail("\"uncertainty\": \"alternatives\" must be an object {\"tag\": \"alternative tag\"}");
            for (const auto& [a, b] : v.items()) {
                if (!b.is_string())
                    r.fail("\"uncertainty\": \"alternatives\": '" + a + "' must name a stage tag");
                out.alternatives[a] = b.get<std::string>();
            }
        } else {
            r.fail("\"uncertainty\" takes \"draws\", \"seed\" and \"alternatives\", not '" + k + "'");
        }
    }
    for (const auto& [k, v] : r.json("validation").items()) {
        if (k != "split" || !v.is_string())
            r.fail("\"validation\" takes \"split\": \"middle\" or a period label (the last earlier period)");
        out.validation_split = v.get<std::string>();
    }
    if (!r.json("uncertainty").empty() && out.draws == 0)
        r.fail("\"uncertainty\" needs \"draws\" (e.g. 1000)");
    return out;
}

factors::IndicatorCatalogue load_catalogue(const std::filesystem::path& path)
{
    return factors::indicator_catalogue_from_rows(io::read_catalogue(path.string(), io::RowWidth::may_differ));
}

// The out-of-sample validation (trygghetsanalys_validation.hpp) on the aggregate behind the
// catalogue's crime-rate indicators.
void run_validation(const StageContext& ctx, const TrygghetsanalysOptions& opts, TrygghetsanalysArtifact& artifact,
                    const factors::GoalIndexOptions& go,
                    const std::map<std::string, std::shared_ptr<const Artifact>>& by_tag,
                    const std::vector<double>& population, const factors::IndicatorOptions& indicator_options)
{
    const stats::AggregateResult* agg = nullptr;
    for (const auto& r : artifact.indicators)
        if (r.is_rate && !agg)
            if (auto a = std::dynamic_pointer_cast<const AggregateArtifact>(by_tag.at(r.def.source)))
                agg = &a->result;
    if (!agg)
        ctx.fail_input("\"validation\" needs a crime-rate indicator (normalisering brott_per_1000) among the "
                       "available ones");
    std::pair<std::string, std::string> windows;
    try {
        windows = validation_windows(*agg, *opts.validation_split);
    } catch (const core::PipelineError& e) {
        ctx.fail_input(e.what());
    }
    const auto& layer = artifact.districts->layer;
    auto rate_over = [&](const IndicatorResult& r, const std::string& period) {
        auto a = std::dynamic_pointer_cast<const AggregateArtifact>(by_tag.at(r.def.source));
        factors::IndicatorSource source;
        source.aggregate = &a->result;
        source.incidents_file = a->assigned->incidents->table.source;
        auto o = indicator_options;
        o.period = period;
        auto out = evaluate(ctx, r.def, source, layer, population, o);
        if (!out.result)  // no incidents of the group in the window: a rate of 0 everywhere
            ctx.fail_data("\"validation\": " + out.unavailable + " (periods " + period + ")");
        return *out.result;
    };
    artifact.validation = validate_index(artifact, windows.first, windows.second, go,
                                         ctx.settings().privacy == Privacy::internal, rate_over);
    for (const auto& v : artifact.validation) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "Spearman %.2f, AUC %.2f over %zu districts", v.measures.spearman,
                      v.measures.auc, v.measures.districts);
        ctx.info("validation " + v.ranking + " (" + v.method + ", " + v.early + ") against " + v.outcome + " in " +
                 v.late + ": " + buf);
    }
}

// The Monte Carlo over the index's choices (factors/index_uncertainty.hpp), on the values the
// index itself used (published runs: published or estimated values only). An indicator whose
// source tag has an alternative is evaluated again on it (the other reallocation weighting).
void run_uncertainty(const StageContext& ctx, const TrygghetsanalysOptions& opts, TrygghetsanalysArtifact& artifact,
                     const std::vector<factors::IndicatorValues>& values,
                     const std::map<std::string, std::shared_ptr<const Artifact>>& by_tag,
                     const std::vector<double>& population, const factors::IndicatorOptions& indicator_options)
{
    const auto& layer = artifact.districts->layer;
    const auto n = layer.size();
    const bool internal = ctx.settings().privacy == Privacy::internal;
    std::vector<factors::UncertainIndicator> inds;
    for (std::size_t i = 0; i < artifact.indicators.size(); ++i) {
        const auto& r = artifact.indicators[i];
        factors::UncertainIndicator u;
        u.id = r.def.id;
        u.goal = r.def.goal;
        u.direction = r.def.direction;
        u.weight = r.def.weight;
        u.weight_min = r.def.weight_min;
        u.weight_max = r.def.weight_max;
        u.raw = values[i].raw;
        if (auto a = opts.alternatives.find(r.def.source); a != opts.alternatives.end()) {
            auto it = by_tag.find(a->second);
            auto tab = it == by_tag.end() ? nullptr : std::dynamic_pointer_cast<const TableArtifact>(it->second);
            if (!tab)
                ctx.fail_input("\"uncertainty\": \"alternatives\": '" + a->second +
                               "' names no table stage among the inputs");
            factors::IndicatorSource source;
            source.table = &tab->table;
            auto alt = evaluate(ctx, r.def, source, layer, population, indicator_options);
            if (!alt.result)
                ctx.fail_input("\"uncertainty\": indicator '" + r.def.id + "' is not available from '" + a->second +
                               "': " + alt.unavailable);
            u.raw_alternative = factors::index_values({*alt.result}, n, internal).front().raw;
        }
        if (u.weight > 0 || u.weight_max > 0)
            inds.push_back(std::move(u));
    }
    factors::UncertaintyOptions uo;
    uo.draws = opts.draws;
    uo.seed = opts.seed.value_or(ctx.settings().seed);
    uo.threads = ctx.settings().threads;
    uo.min_weight_share = opts.min_weight_share;
    artifact.uncertainty = factors::index_uncertainty(inds, n, uo);
    artifact.uncertainty_seed = uo.seed;
    artifact.uncertainty_alternatives = opts.alternatives;
    for (int g = 0; g < factors::goal_count; ++g) {
        const auto& gu = artifact.uncertainty->goal[g];
        if (!gu.present)
            continue;
        const auto unstable = std::count(gu.unstable.begin(), gu.unstable.end(), 1);
        ctx.info("goal " + std::to_string(g + 1) + " (" + factors::goal_name(g + 1) + "): " +
                 std::to_string(unstable) + " of " + std::to_string(gu.ranked) +
                 " districts change quartile within their 90 % rank interval (" + std::to_string(opts.draws) +
                 " draws)");
    }
}

}  // namespace

void TrygghetsanalysStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    require_path(ctx, "catalogue", o["catalogue"]);
    const auto opts = parse_trygghetsanalys_options(o, ctx);
    if (opts.indicators.empty())
        return;  // the catalogue's indicators without a stage are left out at run time, and listed
    // An indicator asked for by id must have its source among the inputs: read the (small)
    // catalogue now, so that a wrong 'kalla' tag fails before any data is read.
    factors::IndicatorCatalogue catalogue;
    try {
        catalogue = load_catalogue(opts.catalogue);
    } catch (const core::InputError& e) {
        throw core::InputError(ctx.tag + ": " + e.what());
    }
    for (const auto& w : opts.indicators) {
        auto ind = std::find_if(catalogue.indicators.begin(), catalogue.indicators.end(),
                                [&](const factors::Indicator& i) { return i.id == w; });
        if (ind == catalogue.indicators.end())
            throw core::InputError(ctx.tag + ": indicator '" + w + "' is not in the catalogue '" +
                                   opts.catalogue.string() + "'");
        const bool provided = std::any_of(ctx.inputs.begin(), ctx.inputs.end(), [&](const auto& in) {
            return in.first == ind->source && (in.second == "table" || in.second == "aggregate");
        });
        if (!provided)
            throw core::PipelineError(ctx.tag + ": \"indicators\": '" + w + "' comes from 'kalla' tag '" +
                                      ind->source + "' of '" + opts.catalogue.string() +
                                      "', which names no earlier stage of kind table or aggregate among the inputs");
    }
}

std::shared_ptr<const Artifact> TrygghetsanalysStage::run(StageContext& ctx) const
{
    const auto opts = parse_trygghetsanalys_options(ctx.options(), ValidationContext{ctx.tag(), ctx.settings(), {}});
    const auto districts = ctx.input<DistrictsArtifact>(0);
    const auto& layer = districts->layer;
    const auto n = layer.size();
    const CodeIndex code_index(layer);
    const auto& cat_path = opts.catalogue;
    ctx.manifest().record_input(ctx.tag(), cat_path);
    factors::IndicatorCatalogue catalogue;
    try {
        catalogue = load_catalogue(cat_path);
    } catch (const core::InputError& e) {
        ctx.fail_input(e.what());
    }
    const auto& wanted = opts.indicators;
    for (const auto& w : wanted) {
        bool found = false;
        for (const auto& ind : catalogue.indicators)
            found |= ind.id == w;
        if (!found)
            ctx.fail_input("indicator '" + w + "' is not in the catalogue '" + cat_path.string() + "'");
    }
    const auto& goals = opts.goals;
    // The sources, as plan() resolved them: the catalogue's tags and "population"'s table.
    std::map<std::string, std::shared_ptr<const Artifact>> by_tag;
    for (const auto& in : ctx.named_inputs())
        by_tag[in.tag] = in.artifact;
    auto aggregate_input = ctx.input<AggregateArtifact>(1);

    // Population per district: {"table", "value"} or the aggregate's.
    std::vector<double> population(n, nan);
    if (opts.population_table) {
        const auto& tag = *opts.population_table;
        auto t = std::dynamic_pointer_cast<const TableArtifact>(by_tag[tag]);
        if (!t)
            ctx.fail_input("\"population\": no table stage tagged '" + tag + "'");
        const int c = t->table.column_index(opts.population_value);
        if (c < 0)
            ctx.fail_input("\"population\": field '" + opts.population_value + "' not found in '" +
                           t->table.source + "'");
        for (std::size_t r = 0; r < t->table.rows.size(); ++r) {
            const int d = code_index(t->table.key(r));
            if (d >= 0)
                population[d] = core::parse_number(t->table.rows[r][c]).value_or(nan);
        }
    } else if (aggregate_input && !aggregate_input->result.periods.empty()) {
        // The latest complete period's population (a trailing partial period may lie in a
        // year whose population is not yet published).
        const auto& r = aggregate_input->result;
        const int latest = r.period_index("latest");
        population = r.district_population(latest >= 0 ? latest : static_cast<int>(r.periods.size()) - 1);
    }

    auto artifact = std::make_shared<TrygghetsanalysArtifact>();
    artifact->districts = districts;
    artifact->catalogue_source = cat_path.string();
    artifact->normalisation = opts.normalisation;
    artifact->confidence = opts.confidence;
    artifact->csv = opts.csv;
    const bool internal = ctx.settings().privacy == Privacy::internal;
    factors::IndicatorOptions indicator_options;
    indicator_options.period = opts.period;
    indicator_options.confidence = artifact->confidence;
    indicator_options.internal = internal;

    for (const auto& ind : catalogue.indicators) {
        if ((!wanted.empty() && !wanted.count(ind.id)) || (!goals.empty() && !goals.count(ind.goal)))
            continue;
        ++artifact->catalogue_count[ind.goal - 1];
        auto it = by_tag.find(ind.source);
        if (it == by_tag.end()) {
            artifact->unavailable.push_back(ind.id + ": no stage tagged '" + ind.source + "' in the pipeline");
            continue;
        }
        factors::IndicatorSource source;
        if (auto agg = std::dynamic_pointer_cast<const AggregateArtifact>(it->second)) {
            source.aggregate = &agg->result;
            source.incidents_file = agg->assigned->incidents->table.source;
        } else if (auto tab = std::dynamic_pointer_cast<const TableArtifact>(it->second)) {
            source.table = &tab->table;
        } else {
            ctx.fail_input("indicator '" + ind.id + "': stage '" + ind.source + "' gives a '" + it->second->kind() +
                           "', not a table or an aggregate");
        }
        auto outcome = evaluate(ctx, ind, source, layer, population, indicator_options);
        if (!outcome.result) {
            artifact->unavailable.push_back(outcome.unavailable);
            if (!outcome.warning.empty())
                ctx.warn(outcome.warning);
            continue;
        }
        artifact->indicators.push_back(std::move(*outcome.result));
    }
    if (!goals.empty() && std::none_of(catalogue.indicators.begin(), catalogue.indicators.end(),
                                       [&](const factors::Indicator& i) { return goals.count(i.goal) > 0; }))
        ctx.fail_input("\"goals\": no indicator of '" + cat_path.string() + "' belongs to the goals asked for");
    if (artifact->indicators.empty())
        ctx.fail_input("no indicator of '" + cat_path.string() + "' is available: their 'kalla' tags (" +
                       source_tags(catalogue) + ") name no stage of the pipeline");
    for (const auto& u : artifact->unavailable)
        ctx.info("not available: " + u);
    artifact->survey = survey_report(artifact->indicators, by_tag);
    for (const auto& [id, s] : artifact->survey.items())
        ctx.info(id + ": survey share in " + std::to_string(s["districts"].get<int>()) + " of " + std::to_string(n) +
                 " districts, mean coverage " + format_share(s["coverage_mean"]) + ", base " +
                 (s["base"].is_null() ? std::string("not in the source (catalogue column 'bas')")
                                      : std::to_string(std::llround(s["base"].get<double>())) + " respondents"));
    for (const auto& r : artifact->indicators)
        if (const auto est = std::count(r.estimated.begin(), r.estimated.end(), 1); est > 0 && !internal)
            ctx.info(r.def.id + ": " + std::to_string(est) + " of " + std::to_string(n) +
                     " districts have a withheld count; their rate, scores and ranks rest on the estimate from "
                     "the published cells (uppskattad)");

    // Published scores must not carry withheld counts (see factors::index_values).
    const auto values = factors::index_values(artifact->indicators, n, internal);
    factors::GoalIndexOptions go;
    go.normalisation = artifact->normalisation;
    go.min_weight_share = opts.min_weight_share;
    artifact->index = factors::goal_index(values, n, go);
    // Internal consistency per goal on the directed values the index used.
    std::vector<factors::ConsistencyInput> cin;
    for (std::size_t i = 0; i < artifact->indicators.size(); ++i)
        if (values[i].weight > 0)
            cin.push_back({artifact->indicators[i].def.id, values[i].goal, artifact->index.directed[i]});
    artifact->consistency = factors::goal_consistency(cin);
    for (const auto& gc : artifact->consistency)
        for (const auto& item : gc.items) {
            char r[32];
            std::snprintf(r, sizeof r, "%.2f", item.item_rest);
            if (item.against_direction)
                ctx.warn(item.id + " (goal " + std::to_string(gc.goal) + ", " + factors::goal_name(gc.goal) +
                         ") correlates against its stated direction: it loads against the goal's first principal "
                         "component (item-rest r = " + r + " over " + std::to_string(gc.complete_cases) +
                         " districts); check 'riktning' in the catalogue");
            if (item.duplicates)
                ctx.info(item.id + " and " + *item.duplicates + " (goal " + std::to_string(gc.goal) +
                         ") correlate 0.95 or more: they nearly duplicate each other");
        }
    if (opts.validation_split)
        run_validation(ctx, opts, *artifact, go, by_tag, population, indicator_options);
    if (opts.draws > 0)
        run_uncertainty(ctx, opts, *artifact, values, by_tag, population, indicator_options);
    ctx.info(std::to_string(artifact->indicators.size()) + " indicators available, " +
             std::to_string(artifact->unavailable.size()) + " not");
    return artifact;
}

}  // namespace trygg::pipeline
