// SPDX-License-Identifier: MIT
// aggregate: counts, rates per 1,000 and per km², change and suppression per district ×
// period × crime group × sex × age band.
#include "aggregate_coverage.hpp"
#include "cell_key_secret.hpp"
#include "option_reader.hpp"
#include "population_column.hpp"
#include "population_input.hpp"
#include "reporting_lengths.hpp"
#include "reporting_levels.hpp"
#include "spine_stages.hpp"
#include "streamed_stages.hpp"

#include <trygg/core/error.hpp>
#include <trygg/core/error_detail.hpp>
#include <trygg/core/warning_code.hpp>
#include <trygg/pipeline/artifacts.hpp>
#include <trygg/stats/period_lengths.hpp>

namespace trygg::pipeline {

StageDescriptor AggregateStage::descriptor()
{
    return {"aggregate",
            "Count incidents per district × period × crime group × sex × age band, with rates and change",
            {{"period", OptionType::string, "half-year", false, "month, quarter, half-year or year"},
             {"age_bands", OptionType::array, nlohmann::json::array({0, 18, 25, 45, 65}), false,
              "Lower bounds of the age bands (the last band is open)"},
             {"suppress_below", OptionType::integer, 5, false,
              "Counts from 1 to this minus 1 are suppressed in published output (SCB uses 5); 0 or 1 turns it off"},
             {"disclosure", OptionType::string, "suppress", false,
              "Published output: suppress (primary + secondary suppression) or cell_key (every count perturbed by "
              "-2..+2, keyed on its incidents so the same cell gets the same noise in every run; nothing withheld)"},
             {"cell_key_secret_file", OptionType::path, nullptr, false,
              "cell_key: a file holding the secret the incidents' keys derive from (its text, trimmed; at least "
              "16 characters); keep it private and the same for every release. Without it the secret is read "
              "from the environment; it is never written anywhere"},
             {"cell_key_secret_env", OptionType::string, "TRYGG_CELL_KEY_SECRET", false,
              "cell_key without cell_key_secret_file: the environment variable holding the secret"},
             {"population", OptionType::object, nlohmann::json::object(), false,
              "Population table columns: {\"value\": column, \"sex\": column (man/kvinna/totalt), \"age\": column "
              "(e.g. 0-17, 65-)}; the table's key must be the district code. Population by year: \"year\": a "
              "column with each row's year, or \"tables\": [read.table tags], one table per year (its read.table "
              "\"year\" or SCB year header); each period uses its own year, else the nearest"},
             {"covered", OptionType::object, nlohmann::json::object(), false,
              "The extract's time range, {\"from\": \"2017-07-01\", \"to\": \"2024-03-31\"} (both days included), "
              "instead of the range measured from the records; periods not wholly inside are incomplete and never "
              "\"latest\""},
             // Reporting levels (issue 15).
             {"levels", OptionType::array, nlohmann::json::array(), false,
              "Coarser reporting levels: tags of read.districts stages (e.g. RegSO) the assigned districts nest "
              "in; each is counted from them into incident_counts_<tag>, under one disclosure plan with them"},
             {"level_name", OptionType::string, "", false,
              "Name of the finest level (the assigned districts) in the level report (default: their code field)"},
             {"recommend_share", OptionType::number, 0.8, false,
              "With levels: the finest level publishing at least this share of its non-zero district cells "
              "(alla × alla, every period and group) is recommended"},
             // Several period lengths (issue 15, part periods).
             {"periods", OptionType::array, nlohmann::json::array(), false,
              "Several nested period lengths in one run, finest first, e.g. [\"half-year\", \"year\"] (month, "
              "quarter, half-year, year): the first replaces \"period\" (incident_counts and everything after "
              "aggregate use it), each longer one is published as incident_counts_<suffix> (and per level "
              "incident_counts_<level>_<suffix>) under one disclosure plan with it"}},
            {{"assigned", true, "incidents assigned to districts"},
             {"table", false, "population table keyed by district code"}},
            "aggregate",
            {{"population", "tables", "table", true}, {"levels", "", "districts", true}},
            {{"cell_key_secret", "a secret in the pipeline would be copied into the published manifest; put it in "
                                 "a file named by \"cell_key_secret_file\" or in the environment variable "
                                 "TRYGG_CELL_KEY_SECRET"}}};
}

namespace {

// The options of one aggregate stage, parsed and checked once (validate and run both use it).
struct AggregateStageOptions {
    stats::PeriodKind period{};
    std::vector<int> age_bands;
    int suppress_below = 5;
    bool cell_key = false;
    std::string cell_key_secret_file;  // as given, empty when not set
    std::string cell_key_secret_env;
    std::string population_value, population_sex, population_age;
    std::vector<std::string> population_tables;  // population by year: "tables"
    std::string population_year;                 // population by year: "year" column
    core::Minutes covered_from = core::no_time, covered_to = core::no_time;  // declared coverage
    // Reporting levels (issue 15).
    std::vector<std::string> levels;
    std::string level_name;
    double recommend_share = 0.8;
    // Several period lengths (part periods): finest first; empty with one length.
    std::vector<stats::PeriodKind> lengths;
};

AggregateStageOptions parse_aggregate_options(const nlohmann::json& o, const std::string& tag)
{
    const OptionReader r(o, tag);
    AggregateStageOptions out;
    try {
        out.period = stats::parse_period_kind(r.string("period"));
    } catch (const core::PipelineError& e) {
        r.fail(e.what());
    }
    int prev = -1;
    for (const auto& b : r.json("age_bands")) {
        if (!b.is_number_integer() || b.get<std::int64_t>() <= prev || b.get<std::int64_t>() > 120)
            r.fail("\"age_bands\" must be increasing whole numbers from 0 to 120");
        prev = b.get<int>();
        out.age_bands.push_back(prev);
    }
    if (r.negative("suppress_below"))
        r.fail("\"suppress_below\" must be 0 or more");
    out.suppress_below = r.integer<int>("suppress_below", 0, max_threshold);
    const auto disclosure = r.string("disclosure");
    if (disclosure != "suppress" && disclosure != "cell_key")
        r.fail("\"disclosure\" must be suppress or cell_key, not '" + disclosure + "'");
    out.cell_key = disclosure == "cell_key";
    if (r.has("cell_key_secret_file"))
        out.cell_key_secret_file = r.string("cell_key_secret_file");
    out.cell_key_secret_env = r.string("cell_key_secret_env");
    if (out.cell_key_secret_env.empty() || out.cell_key_secret_env.find('=') != std::string::npos)
        r.fail("\"cell_key_secret_env\" must name an environment variable, not '" + out.cell_key_secret_env + "'");
    for (const auto& [key, value] : r.json("population").items())
        if ((key != "value" && key != "sex" && key != "age" && key != "year" && key != "tables") ||
            (key != "tables" && !value.is_string()))
            r.fail("\"population\" takes \"value\", \"sex\", \"age\" and \"year\" column names and \"tables\"");
    const auto& pop = r.json("population");
    out.population_value = pop.value("value", "");
    out.population_sex = pop.value("sex", "");
    out.population_age = pop.value("age", "");
    // Population by year (population_input.hpp).
    out.population_year = pop.value("year", "");
    if (pop.contains("tables")) {
        const auto& tables = pop["tables"];
        for (const auto& t : tables.is_array() ? tables : nlohmann::json::array({tables}))
            if (t.is_string())
                out.population_tables.push_back(t.get<std::string>());
            else
                r.fail("\"population\": \"tables\" must be tags of read.table stages");
    }
    parse_covered_option(r, out.covered_from, out.covered_to);
    // Reporting levels (issue 15).
    for (const auto& level : r.json("levels")) {
        if (!level.is_string())
            r.fail("\"levels\" must be an array of read.districts tags");
        out.levels.push_back(level.get<std::string>());
    }
    out.level_name = r.string("level_name");
    const auto& share = r.json("recommend_share");
    if (!share.is_number() || !(share.get<double>() > 0 && share.get<double>() <= 1))
        r.fail("\"recommend_share\" must be a share above 0 and at most 1, got " + share.dump());
    out.recommend_share = share.get<double>();
    // Several period lengths (part periods): nested, finest first; the first replaces "period".
    const auto& periods = r.json("periods");
    if (!periods.is_array())
        r.fail("\"periods\" must be an array of period lengths, e.g. [\"half-year\", \"year\"]");
    for (const auto& p : periods) {
        if (!p.is_string())
            r.fail("\"periods\" must be an array of period lengths (month, quarter, half-year, year), got " +
                   periods.dump());
        stats::PeriodKind kind{};
        try {
            kind = stats::parse_period_kind(p.get<std::string>());
        } catch (const core::PipelineError& e) {
            r.fail(std::string("\"periods\": ") + e.what());
        }
        if (!out.lengths.empty() && !(kind > out.lengths.back()))
            r.fail("\"periods\" must be nested lengths from the shortest to the longest (month, quarter, half-year, "
                   "year), each once, got " + periods.dump());
        out.lengths.push_back(kind);
    }
    if (!out.lengths.empty()) {
        if (out.period != out.lengths.front() && out.period != stats::PeriodKind::half_year)
            r.fail("\"period\" and \"periods\" disagree: the first of \"periods\" is the period of incident_counts; "
                   "leave \"period\" out");
        out.period = out.lengths.front();
    }
    if (out.lengths.size() == 1)
        out.lengths.clear();  // one length: the plain run
    // A level's table must not be another length's or level × length's (a level tagged "ar").
    for (std::size_t t = 1; t < out.lengths.size(); ++t)
        for (const auto& level : out.levels) {
            const auto suffix = "_" + stats::period_kind_suffix(out.lengths[t]);
            for (const auto& other : out.levels)
                if (level_table_name(level) == "incident_counts" + suffix ||
                    level_table_name(level) == level_table_name(other) + suffix)
                    r.fail("\"levels\": level '" + level + "' would write " + level_table_name(level) +
                           ", the table of a longer period in \"periods\"; tag the level otherwise");
        }
    return out;
}

}  // namespace

void AggregateStage::validate(const nlohmann::json& o, const ValidationContext& ctx) const
{
    const auto opts = parse_aggregate_options(o, ctx.tag);
    if (!opts.levels.empty() && ctx.settings.privacy != Privacy::internal && !ctx.settings.ledger.empty())
        throw core::PipelineError(ctx.tag + ": \"levels\" are not recorded by the release ledger yet: publish one "
                                            "level per run when \"ledger\" is set");
    if (opts.lengths.size() > 1 && ctx.settings.privacy != Privacy::internal && !ctx.settings.ledger.empty())
        throw core::PipelineError(ctx.tag + ": several \"periods\" are not recorded by the release ledger yet: "
                                            "publish one period length per run when \"ledger\" is set");
    // Only a publication is perturbed (internal runs publish true counts), so only it needs the secret.
    if (opts.cell_key && ctx.settings.privacy != Privacy::internal)
        (void)load_cell_key_secret(opts.cell_key_secret_file.empty() ? std::filesystem::path()
                                                                     : ctx.resolve(opts.cell_key_secret_file),
                                   opts.cell_key_secret_env, ctx.tag);
}

namespace {
// What is counted: the options before any input is read (the population's columns come later).
stats::AggregateOptions base_options(const StageContext& ctx, const AggregateStageOptions& opts)
{
    stats::AggregateOptions o;
    o.period = opts.period;
    o.age_bands = opts.age_bands;
    const bool internal = ctx.settings().privacy == Privacy::internal;
    o.suppress_below = internal ? 0 : opts.suppress_below;
    o.cell_key_noise = !internal && opts.cell_key;
    o.covered_from = opts.covered_from, o.covered_to = opts.covered_to;
    o.threads = ctx.settings().threads;
    return o;
}
}  // namespace

stats::AggregateOptions aggregate_count_options(const StageContext& ctx)
{
    return base_options(ctx, parse_aggregate_options(ctx.options(), ctx.tag()));
}

std::shared_ptr<const Artifact> AggregateStage::run(StageContext& ctx) const
{
    auto assigned = ctx.input<AssignedArtifact>(0);
    const auto& incidents = assigned->incidents->table;
    return aggregate_counted(
        ctx, assigned,
        [&](const stats::AggregateOptions& counted, const core::AreaTable* population) {
            return stats::aggregate(incidents, assigned->district, assigned->districts->layer, population, counted,
                                    &ctx.cancel());
        },
        [&](const stats::TimeCoverage& coverage) { return coverage_records(incidents, coverage); });
}

std::shared_ptr<AggregateArtifact> aggregate_counted(StageContext& ctx, std::shared_ptr<const AssignedArtifact> assigned,
                                                     const AggregateCount& count, const AggregateRecords& records)
{
    const auto opts = parse_aggregate_options(ctx.options(), ctx.tag());
    // Population by year: one table, or one per year gathered into one (population_input.hpp).
    const auto slot_table = ctx.input<TableArtifact>(1);
    const auto gathered =
        gather_population(ctx, {opts.population_value, opts.population_sex, opts.population_age, opts.population_year,
                                opts.population_tables},
                          slot_table ? &slot_table->table : nullptr);
    const core::AreaTable* population = gathered ? &gathered->table : nullptr;
    stats::AggregateOptions o = base_options(ctx, opts);
    if (o.cell_key_noise)
        o.cell_key_secret = load_cell_key_secret(
            opts.cell_key_secret_file.empty() ? std::filesystem::path() : ctx.path_option("cell_key_secret_file"),
            opts.cell_key_secret_env, ctx.tag());
    o.population_value = opts.population_value;
    o.population_sex = opts.population_sex;
    o.population_age = opts.population_age;
    o.population_year = gathered ? gathered->year_column : std::string();
    const auto& layer = assigned->districts->layer;
    if (population) {
        const auto& table = *population;
        if (o.population_value.empty()) {
            // Default: the only numeric column besides the key (an SCB export's "totalt").
            const auto candidates =
                population_value_candidates(table, {o.population_sex, o.population_age, o.population_year});
            if (candidates.size() != 1) {
                std::string list;
                for (const auto& c : candidates)
                    list += (list.empty() ? "" : ", ") + c;
                ctx.fail_input(core::coded("\"population\": {\"value\": ...} must name the population column of '" +
                                   table.source + "'" +
                                   (candidates.empty() ? std::string(" (it has no numeric column)")
                                                       : " (numeric columns: " + list + ")"),
                               {"population_column_ambiguous", {{"file", table.source}, {"fields", list}}}));
            }
            o.population_value = candidates.front();
            ctx.info("population: column '" + o.population_value + "' of '" + table.source +
                     "' (its only numeric column)");
        }
        for (const auto* col : {&o.population_value, &o.population_sex, &o.population_age})
            if (!col->empty() && table.column_index(*col) < 0) {
                std::string cols;
                for (const auto& c : table.columns)
                    cols += (cols.empty() ? "" : ", ") + c;
                ctx.fail_input(core::coded("field '" + *col + "' not found in '" + table.source + "' (the fields are: " + cols + ")",
                               {"field_not_found",
                                {{"file", table.source}, {"field", *col}, {"role", "population"}, {"fields", cols}}}));
            }
        std::size_t unknown = 0;
        std::string example;
        const auto code_index = layer.code_index();
        for (std::size_t r = 0; r < table.rows.size(); ++r)
            if (!code_index.count(table.key(r))) {
                if (unknown++ == 0)
                    example = table.key(r);
            }
        if (unknown)
            ctx.warn(core::coded_warning(std::to_string(unknown) +
                                             " population rows have a key that is not a district code (e.g. '" +
                                             example + "'); ignored",
                                         {"population_keys_unmatched",
                                          {{"count", std::to_string(unknown)}, {"example", example},
                                           {"file", table.source}}}),
                     std::to_string(unknown) + " population rows have a key that is not a district code; ignored");
    } else if (!o.population_value.empty()) {
        ctx.fail_input("\"population\" is set but no table input is given");
    }
    const auto& incidents = assigned->incidents->table;
    // Records read (used or not located): a streamed count's table holds none of them.
    const auto& read = assigned->incidents->accounting;
    if (!incidents.has_time && (incidents.size() > 0 || read.used + read.not_located > 0))
        ctx.fail_input("the incidents of '" + incidents.source + "' have no time; map \"time\" in read.incidents");
    // Reporting levels (issue 15): counted without suppression, then withheld by one plan over
    // all levels (stats/level_suppression.hpp).
    std::vector<AggregateLevel> levels;
    if (!opts.levels.empty()) {
        levels = nest_levels(ctx, opts.levels, layer);
    }
    auto artifact = std::make_shared<AggregateArtifact>();
    artifact->assigned = assigned;
    artifact->length = o.period;
    auto counted = o;
    if (!levels.empty() || !opts.lengths.empty())
        counted.suppress_below = 0;  // withheld by the plan over all levels and lengths (count_levels, count_lengths)
    artifact->result = count(counted, population);
    report_population_years(ctx, artifact->result);
    if (!opts.lengths.empty())
        count_lengths(ctx, *artifact, std::move(levels), opts.lengths, population, o,
                      opts.level_name.empty() ? layer.code_field : opts.level_name, opts.recommend_share);
    else if (!levels.empty())
        count_levels(ctx, *artifact, std::move(levels), population, o,
                     opts.level_name.empty() ? layer.code_field : opts.level_name, opts.recommend_share);
    // Population is looked up per period's cells: with no incident used there are none to
    // check (and the empty tables say so), so no false "no population" warning.
    if (population && !artifact->result.periods.empty()) {
        auto pops = artifact->result.district_population(0);
        std::size_t missing = 0;
        for (std::size_t d = 0; d < pops.size(); ++d)
            missing += !(pops[d] > 0);
        if (missing)
            ctx.warn(core::coded_warning(
                std::to_string(missing) + " districts have no population; their rates per 1,000 are empty",
                {"population_missing", {{"count", std::to_string(missing)}}}));
    }
    const auto& r = artifact->result;
    report_coverage(ctx, r, records(r.coverage));
    ctx.info(std::to_string(r.periods.size()) + " periods" +
             (r.periods.empty() ? "" : " (" + r.periods.front() + " to " + r.periods.back() + ")") + ", " +
             std::to_string(r.groups.size()) + " crime groups");
    return artifact;
}

}  // namespace trygg::pipeline
