// SPDX-License-Identifier: MIT
#include "stats_variable.hpp"

#include "stats_common.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/stats/rates.hpp>

#include <cmath>
#include <map>

namespace trygg::pipeline {

std::vector<OptionSpec> variable_options()
{
    return {
        {"source", OptionType::string, "aggregate", false,
         "aggregate (counts/rates of a crime group) | table (a numeric column keyed by district code)"},
        {"group", OptionType::string, nullptr, false, "aggregate: the crime group, e.g. \"vald\""},
        {"period", OptionType::string, "latest", false, "aggregate: period label (e.g. \"2024H2\"), latest, or all (counts summed over every period, latest population)"},
        {"measure", OptionType::string, "rate", false, "aggregate: rate (per 1,000 inhabitants) | count"},
        {"smoothing", OptionType::string, "none", false,
         "rates: none | eb (global empirical Bayes) | spatial_eb (EB over each district's neighbourhood) | "
         "eb_standardised (Assunção-Reis, for the EB Moran's I)"},
        {"column", OptionType::string, nullptr, false, "table: the numeric column to analyse"},
    };
}

VariableSpec variable_spec(const nlohmann::json& o)
{
    VariableSpec s;
    s.source = o.at("source").get<std::string>();
    if (!o.at("group").is_null())
        s.group = o.at("group").get<std::string>();
    s.period = o.at("period").get<std::string>();
    s.measure = o.at("measure").get<std::string>();
    s.smoothing = o.at("smoothing").get<std::string>();
    if (!o.at("column").is_null())
        s.column = o.at("column").get<std::string>();
    return s;
}

void validate_variable(const nlohmann::json& o, const std::string& tag)
{
    const auto s = variable_spec(o);
    auto fail = [&](const std::string& m) { throw core::PipelineError(tag + ": " + m); };
    if (s.source != "aggregate" && s.source != "table")
        fail("unknown source '" + s.source + "' (expected aggregate or table)");
    if (s.source == "aggregate" && s.group.empty())
        fail("source aggregate needs \"group\" (a crime group)");
    if (s.source == "table" && s.column.empty())
        fail("source table needs \"column\" (a numeric column keyed by district code)");
    if (s.measure != "rate" && s.measure != "count")
        fail("unknown measure '" + s.measure + "' (expected rate or count)");
    if (s.smoothing != "none" && s.smoothing != "eb" && s.smoothing != "spatial_eb" &&
        s.smoothing != "eb_standardised")
        fail("unknown smoothing '" + s.smoothing + "' (expected none, eb, spatial_eb or eb_standardised)");
    if (s.smoothing != "none" && (s.source != "aggregate" || s.measure != "rate"))
        fail("smoothing '" + s.smoothing + "' needs source aggregate with measure rate (counts and population)");
}

Variable variable_from_counts(const std::vector<double>& counts, const std::vector<double>& population,
                              const VariableSpec& spec, const spatial::Weights& w,
                              const std::vector<std::string>& codes, const std::string& what)
{
    Variable v;
    if (spec.measure == "count") {
        v.values = counts;
        v.label = what + " count";
        return v;
    }
    if (spec.smoothing == "none") {
        v.values = stats::crude_rates(counts, population, 1000.0, codes);
        v.label = what + " rate per 1,000";
    } else if (spec.smoothing == "eb") {
        v.values = stats::eb_global(counts, population, codes);
        for (auto& x : v.values)
            x *= 1000.0;
        v.label = what + " rate per 1,000, empirical-Bayes smoothed";
    } else if (spec.smoothing == "spatial_eb") {
        stats::crude_rates(counts, population, 1.0, codes);  // same checks, naming the district
        v.values = stats::eb_spatial(counts, population, w);
        for (auto& x : v.values)
            x *= 1000.0;
        v.label = what + " rate per 1,000, spatial empirical-Bayes smoothed";
    } else {
        v.values = stats::eb_standardise(counts, population, codes);
        v.label = what + " rate, Assunção-Reis EB standardised";
    }
    return v;
}

Variable variable_from_table(const core::AreaTable& table, const std::string& column,
                             const std::vector<std::string>& codes)
{
    const int c = table.column_index(column);
    if (c < 0)
        throw core::InputError("column '" + column + "' not found in table '" + table.source + "'");
    std::map<std::string, std::size_t> row_of;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        row_of.emplace(table.key(r), r);
    Variable v;
    v.values.assign(codes.size(), std::nan(""));
    for (std::size_t i = 0; i < codes.size(); ++i) {
        auto it = row_of.find(codes[i]);
        if (it == row_of.end())
            continue;
        if (auto x = core::parse_number(table.rows[it->second][static_cast<std::size_t>(c)]))
            v.values[i] = *x;
    }
    v.label = column;
    return v;
}

void aggregate_counts(const stats::AggregateResult& result, const VariableSpec& spec, std::vector<double>& counts,
                      std::vector<double>& population, std::string& what)
{
    const int g = result.group_index(spec.group);
    if (g < 0) {
        std::string known;
        for (const auto& name : result.groups)
            known += (known.empty() ? "" : ", ") + name;
        throw core::with_detail(
            core::DataError("crime group '" + spec.group + "' not in the aggregate (groups: " + known + ")"),
            {"unknown_group", {{"group", spec.group}, {"groups", known}}});
    }
    if (static_cast<std::size_t>(g) < result.not_in_source.size() && result.not_in_source[static_cast<std::size_t>(g)])
        throw core::with_detail(
            core::DataError("crime group '" + spec.group + "' is not in the incident source (no code of the group "
                            "occurs in it, or \"covers\" leaves it out): its counts are missing, not 0"),
            {"group_not_in_source", {{"group", spec.group}}});
    if (spec.period == "all") {
        // Counts summed over every period (small areas, rare offences); the latest population.
        if (result.periods.empty())
            throw core::DataError("the aggregate has no periods");
        counts.assign(result.district_count, 0.0);
        for (std::size_t p = 0; p < result.periods.size(); ++p) {
            const auto c = result.district_counts(g, static_cast<int>(p));
            for (std::size_t i = 0; i < counts.size(); ++i)
                counts[i] += c[i];
        }
        population = result.district_population(result.period_index("latest"));
        what = spec.group + " " + result.periods.front() + "-" + result.periods.back();
        return;
    }
    const int p = result.period_index(spec.period);
    if (p < 0) {
        std::string known;
        for (const auto& name : result.periods)
            known += (known.empty() ? "" : ", ") + name;
        throw core::DataError("period '" + spec.period + "' not in the aggregate (periods: " + known + ")");
    }
    counts = result.district_counts(g, p);
    population = result.district_population(p);
    what = spec.group + " " + result.periods[static_cast<std::size_t>(p)];
}

std::vector<char> withheld_districts(const stats::AggregateResult& result, const VariableSpec& spec,
                                     const std::vector<double>& counts)
{
    std::vector<char> hidden(counts.size(), 0);
    if (result.options.cell_key_noise || result.options.suppress_below <= 1)
        return hidden;
    const int g = result.group_index(spec.group);
    const int only = spec.period == "all" ? -1 : result.period_index(spec.period);
    for (std::size_t d = 0; d < counts.size(); ++d) {
        hidden[d] = counts[d] >= 1 && counts[d] < result.options.suppress_below;
        for (std::size_t p = 0; p < result.periods.size(); ++p)
            if (only < 0 || static_cast<int>(p) == only)
                if (const auto c = result.find(static_cast<int>(d), static_cast<int>(p), g); c && c->suppressed)
                    hidden[d] = 1;
    }
    return hidden;
}

Variable resolve_variable(const StageContext& ctx, const spatial::Weights& w, const std::vector<std::string>& codes,
                          std::size_t aggregate_slot, std::size_t table_slot)
{
    const auto spec = variable_spec(ctx.options());
    auto table = ctx.input<TableArtifact>(table_slot);
    auto aggregate = ctx.input<AggregateArtifact>(aggregate_slot);
    if (spec.source == "table" && !table)
        ctx.fail_input("source table needs a \"table\" input");
    if (spec.source == "aggregate" && !aggregate)
        ctx.fail_input("source aggregate needs an \"aggregate\" input");
    std::string problem;
    bool input_problem = false;
    try {
        if (spec.source == "table") {
            auto v = variable_from_table(table->table, spec.column, codes);
            v.withheld = ctx.settings().privacy == Privacy::publish ? table->withheld_rows : 0;
            return v;
        }
        std::vector<double> counts, population;
        std::string what;
        aggregate_counts(aggregate->result, spec, counts, population, what);
        if (counts.size() != codes.size())
            throw core::DataError("the aggregate has " + std::to_string(counts.size()) + " districts, the weights " +
                                  std::to_string(codes.size()));
        auto v = variable_from_counts(counts, population, spec, w, codes, what);
        if (ctx.settings().privacy == Privacy::publish)
            for (char hidden : withheld_districts(aggregate->result, spec, counts))
                v.withheld += hidden ? 1 : 0;
        return v;
    } catch (const core::Error& e) {
        problem = e.what();
        input_problem = e.code() == core::ExitCode::input;
    }
    if (input_problem)
        ctx.fail_input(problem);  // the detail recorded for e (error_detail.hpp) still applies
    ctx.fail_data(problem);
}

bool withhold_local_results(StageContext& ctx, const Variable& variable,
                            std::vector<std::vector<double>*> continuous)
{
    if (variable.withheld == 0)
        return false;
    for (auto* column : continuous)
        std::fill(column->begin(), column->end(), std::nan(""));
    ctx.info(std::to_string(variable.withheld) + " districts' " + variable.label +
             " rest on withheld counts: statistic, z and p are not published, the classes are "
             "(\"privacy\": \"internal\" shows them)");
    return true;
}

PermutationSettings permutation_settings(const StageContext& ctx)
{
    PermutationSettings s{};
    const auto o = parse_statistics_options(ctx.options(), ctx.tag());
    s.permutations = o.permutations;
    s.seed = o.seed.value_or(ctx.settings().seed);
    s.threads = ctx.settings().threads;
    return s;
}

std::string column_prefix(const StageContext& ctx)
{
    std::string p = ctx.has_option("prefix") ? ctx.option<std::string>("prefix") : ctx.tag();
    for (auto& c : p)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return p;
}

}  // namespace trygg::pipeline
