// trygghetsanalys: risk and protective factors per district and policy goal, from the
// indicator catalogue and the tables, point factors and crime rates of earlier stages.
#include "factors_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/factors/indicator_evaluation.hpp>
#include <trygg/io/catalogue_reader.hpp>
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
        catalogue = factors::indicator_catalogue_from_rows(io::read_catalogue(cat_path.string(), io::RowWidth::may_differ));
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
    factors::IndicatorOptions indicator_options;
    indicator_options.period = ctx.option<std::string>("period");
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

    // Published scores must not carry withheld counts (see factors::index_values).
    const auto values = factors::index_values(artifact->indicators, n, internal);
    factors::GoalIndexOptions go;
    go.normalisation = artifact->normalisation;
    go.min_weight_share = ctx.option<double>("min_weight_share");
    artifact->index = factors::goal_index(values, n, go);
    ctx.info(std::to_string(artifact->indicators.size()) + " indicators available, " +
             std::to_string(artifact->unavailable.size()) + " not");
    return artifact;
}

}  // namespace trygg::pipeline
